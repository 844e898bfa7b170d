// MailStore: the mailboxes of one mail server — what SMTP (RFC 5321) delivers into and POP3
// (RFC 1939) and IMAP (RFC 9051) read from. Each message is kept as the RFC 5322 text it arrived
// as, with the flags IMAP tracks; POP3 deletes what it fetched, IMAP keeps it (the course notes'
// difference between the two).
#pragma once

#include "core/host/service.h"
#include "core/wire/ip_prefix.h"

#include <map>
#include <string>
#include <vector>

namespace wirelab::app {

struct MailMessage {
    uint32_t uid = 0; // IMAP UID: grows with each delivery, never reused
    std::string text; // header fields, blank line, body; lines end with "\r\n"
    bool seen = false;
    bool deleted = false; // IMAP \Deleted: gone at the next EXPUNGE
};

struct MailConfig {
    std::string domain = "lab";               // recipients must be user@domain
    std::map<std::string, std::string> users; // mailbox name -> password
    // Postfix's mynetworks: clients in these networks may send mail to other domains, which
    // the server relays (core/services/mail/smtp_relay.h); anyone else gets "Relay access denied".
    std::vector<wire::IpPrefix> mynetworks;
    uint16_t smtp_port = 25, pop3_port = 110, imap_port = 143;
    bool smtp = true, pop3 = true, imap = true;
};

class MailStore final : public Service {
public:
    MailStore(net::IpNode& node, MailConfig config);

    std::string_view name() const override { return "mailboxes"; }
    void start() override {}
    // "mailboxes: alice 1 message, bob 0 messages"
    std::string status() const override;

    const MailConfig& config() const { return m_config; }
    bool has_user(const std::string& user) const { return m_boxes.count(user) != 0; }
    bool check_password(const std::string& user, const std::string& password) const;
    // Appends to `user`'s mailbox; returns the message's UID (0 for an unknown user).
    uint32_t deliver(const std::string& user, std::string text);
    std::vector<MailMessage>& mailbox(const std::string& user) { return m_boxes[user]; }
    const std::vector<MailMessage>* find_mailbox(const std::string& user) const;
    uint32_t next_uid() const { return m_next_uid; }
    // Takes a UID for a message that is not stored here (a relayed message's queue ID).
    uint32_t take_uid() { return m_next_uid++; }

private:
    MailConfig m_config;
    std::map<std::string, std::vector<MailMessage>> m_boxes;
    uint32_t m_next_uid = 1;
};

// The local part of "Bob <bob@lab>" or "<bob@lab>" or "bob@lab", and its domain.
struct MailAddress {
    std::string local, domain;
};
MailAddress parse_mail_address(std::string_view text);

} // namespace wirelab::app
