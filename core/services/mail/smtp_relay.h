// SmtpRelay: the outbound side of a mail server, after Postfix's qmgr and smtp(8) client —
// mail for another domain is relayed to that domain's server: an MX lookup (RFC 5321 §5.1)
// to the host's DNS servers, then an SMTP dialogue on port 25 with the best exchange that
// answers. What cannot be delivered comes back to a local sender as a bounce ("Undelivered Mail
// Returned to Sender", worded as Postfix words it). Every step is logged, Postfix-style, in the
// host's /var/log/mail.log (`cat /var/log/mail.log`).
//
// Unlike Postfix, a message that cannot be delivered now is bounced at once instead of being
// retried for five days (a lab would not wait that long).
#pragma once

#include "core/host/mail_store.h"
#include "core/kernel/timers.h"

#include <memory>
#include <string>
#include <vector>

namespace wirelab::app {

// Appends "Jan  1 00:00:40 HOST postfix/PROGRAM[PID]: TEXT" to the node's /var/log/mail.log.
void mail_log(net::IpNode& node, std::string_view program, const std::string& text);

class SmtpRelay {
public:
    SmtpRelay(net::IpNode& node, MailStore& store);
    ~SmtpRelay();
    SmtpRelay(const SmtpRelay&) = delete;
    SmtpRelay& operator=(const SmtpRelay&) = delete;

    // Queues `text` (RFC 5322 message with the trace fields already added) from `from` to
    // `recipients` (full addresses, none of this server's domain); delivery starts in an
    // event of its own.
    void submit(const std::string& queue_id, const std::string& from,
                const std::vector<std::string>& recipients, const std::string& text);
    // Deliveries in progress (one per message and destination domain).
    size_t active() const { return m_deliveries.size(); }
    uint64_t relayed() const { return m_relayed; }
    uint64_t bounced() const { return m_bounced; }

    struct Delivery;

private:
    friend struct Delivery;
    void finished(Delivery* d);
    void bounce(const Delivery& d, const std::vector<std::string>& failures);

    net::IpNode& m_node;
    MailStore& m_store;
    std::vector<std::unique_ptr<Delivery>> m_deliveries;
    uint64_t m_relayed = 0, m_bounced = 0;
    kernel::Timers m_timers; // the start/free events capture `this`: cancelled with the relay
};

} // namespace wirelab::app
