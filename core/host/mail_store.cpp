#include "core/host/mail_store.h"

#include "core/base/text.h"

namespace wirelab::app {

MailStore::MailStore(net::IpNode& node, MailConfig config)
    : Service(node), m_config(std::move(config))
{
    for (const auto& [user, password] : m_config.users) m_boxes[user];
}

std::string MailStore::status() const
{
    std::string s = "mailboxes:";
    for (const auto& [user, box] : m_boxes) {
        size_t n = 0;
        for (const MailMessage& m : box) n += m.deleted ? 0 : 1;
        s += " " + user + " " + std::to_string(n) + (n == 1 ? " message," : " messages,");
    }
    if (s.back() == ',') s.pop_back();
    return s;
}

bool MailStore::check_password(const std::string& user, const std::string& password) const
{
    auto it = m_config.users.find(user);
    return it != m_config.users.end() && it->second == password;
}

uint32_t MailStore::deliver(const std::string& user, std::string text)
{
    auto it = m_boxes.find(user);
    if (it == m_boxes.end()) return 0;
    MailMessage m;
    m.uid = m_next_uid++;
    m.text = std::move(text);
    it->second.push_back(std::move(m));
    return it->second.back().uid;
}

const std::vector<MailMessage>* MailStore::find_mailbox(const std::string& user) const
{
    auto it = m_boxes.find(user);
    return it == m_boxes.end() ? nullptr : &it->second;
}

MailAddress parse_mail_address(std::string_view text)
{
    size_t lt = text.find('<'), gt = text.rfind('>');
    if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt)
        text = text.substr(lt + 1, gt - lt - 1);
    text = trim(text, kSpace);
    size_t at = text.rfind('@');
    if (at == std::string_view::npos) return {std::string(text), ""};
    return {std::string(text.substr(0, at)), ascii_lower(text.substr(at + 1))};
}

} // namespace wirelab::app
