// ImapServer: the Internet Message Access Protocol (IMAP4rev1, RFC 3501) on port 143, like
// Dovecot, reduced to one folder (INBOX): CAPABILITY, LOGIN, SELECT/EXAMINE, LIST, STATUS, FETCH
// (FLAGS, UID, RFC822.SIZE, BODY[], BODY.PEEK[], BODY[HEADER], RFC822), STORE, SEARCH ALL/UNSEEN,
// EXPUNGE, CLOSE, NOOP, LOGOUT. Messages stay on the server until the client deletes and
// expunges them — unlike POP3.
#pragma once

#include "core/host/mail_store.h"
#include "core/services/tcp_stream.h"

namespace wirelab::app {

class ImapServer final : public StreamServer {
public:
    ImapServer(net::IpNode& node, MailStore& store);
    MailStore& store() { return m_store; }

protected:
    std::unique_ptr<Session> make_session() override;

private:
    MailStore& m_store;
};

// The IMAP arguments of a command line: atoms, "quoted strings" (unquoted) and (lists) kept
// whole with their parentheses. Exposed for tests.
std::vector<std::string> imap_tokens(std::string_view line);

} // namespace wirelab::app
