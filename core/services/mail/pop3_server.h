// Pop3Server: the Post Office Protocol version 3 (RFC 1939) on port 110, like Dovecot — USER/PASS,
// STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP, QUIT. Messages marked with DELE leave the
// mailbox when the client QUITs (the UPDATE state): "downloads and often deletes", as the notes
// say.
#pragma once

#include "core/host/mail_store.h"
#include "core/services/tcp_stream.h"

namespace wirelab::app {

class Pop3Server final : public StreamServer {
public:
    Pop3Server(net::IpNode& node, MailStore& store);
    MailStore& store() { return m_store; }

protected:
    std::unique_ptr<Session> make_session() override;

private:
    MailStore& m_store;
};

// Dot-stuffs a message for a multi-line POP3/SMTP response and ends it with ".\r\n".
std::string dot_stuff(std::string_view text);

} // namespace wirelab::app
