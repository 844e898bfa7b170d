// SmtpServer: mail submission and delivery (RFC 5321) on port 25, answering like Postfix —
// EHLO/HELO, MAIL FROM, RCPT TO (local users of the store's domain only: no relaying), DATA with
// dot-unstuffing, RSET, NOOP, VRFY, QUIT. A delivered message gets Return-Path and Received
// fields and lands in the MailStore, where POP3 and IMAP find it. Mail for other domains from
// clients in `mynetworks` is handed to the SmtpRelay, which looks up the domain's MX.
#pragma once

#include "core/host/mail_store.h"
#include "core/services/mail/smtp_relay.h"
#include "core/services/tcp_stream.h"

namespace wirelab::app {

class SmtpServer final : public StreamServer {
public:
    SmtpServer(net::IpNode& node, MailStore& store);
    MailStore& store() { return m_store; }
    uint64_t delivered() const { return m_delivered; }
    SmtpRelay& relay() { return m_relay; }

protected:
    std::unique_ptr<Session> make_session() override;

private:
    friend class SmtpSession;
    MailStore& m_store;
    SmtpRelay m_relay;
    uint64_t m_delivered = 0;
};

} // namespace wirelab::app
