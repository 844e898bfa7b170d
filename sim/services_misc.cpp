// The service kinds of the course notes' other ports (SCENARIO_FORMAT.md, "Services"): echo,
// telnet, ftp, mail (SMTP + POP3 + IMAP), ntp, rdp, the ssh and https placeholders, and a
// host's clock. Each reads its settings with every problem located by JSON path; `true` runs a
// kind with its defaults and `false` leaves it off.
//
// [SECTION] index: helpers · echo · telnet · ftp · mail · ntp · rdp, ssh, https · clock · kinds
#include "core/base/text.h"
#include "core/host/ntp_clock.h"
#include "core/services/echo/echo_server.h"
#include "core/services/ftp/ftp_server.h"
#include "core/services/mail/imap_server.h"
#include "core/services/mail/pop3_server.h"
#include "core/services/mail/smtp_server.h"
#include "core/services/ntp/ntp_server.h"
#include "core/services/placeholder_server.h"
#include "core/services/rdp/rdp_server.h"
#include "core/services/telnet/telnet_server.h"
#include "core/shell/shell.h"
#include "sim/services.h"
#include "sim/services_check.h"

#include <cctype>
#include <cmath>

namespace wirelab::sim {

using detail::describe_value;
using detail::index_path;
using detail::key_path;
using detail::SettingsReader;

namespace {

// [SECTION] helpers

// true/false/object: whether to read settings. Reports anything else.
enum class Shape : uint8_t { Off, Defaults, Object, Bad };

Shape shape_of(const RawJson& config, const std::string& path, std::vector<Diagnostic>& out,
               std::string_view example)
{
    if (config.is_boolean()) return config.get<bool>() ? Shape::Defaults : Shape::Off;
    if (config.is_object()) return Shape::Object;
    out.push_back({Diagnostic::Severity::Error, path,
                   "must be true, false or an object of settings such as " + std::string(example) +
                       ", not " + describe_value(config)});
    return Shape::Bad;
}

// "users": {"alice": "secret"}: names must be plain login names.
std::map<std::string, std::string> read_users(const SettingsReader& r)
{
    std::map<std::string, std::string> users = r.string_map("users");
    for (const auto& [name, password] : users) {
        bool plain = !name.empty() && name.size() <= 32;
        for (char c : name)
            plain = plain && (std::isalnum(uint8_t(c)) || c == '_' || c == '-' || c == '.');
        if (!plain)
            r.error(key_path(r.at("users"), name),
                    "a user name is letters, digits, '.', '_' or '-' (at most 32)");
    }
    return users;
}

template <class Read>
auto read_with(const RawJson& config, const std::string& path, std::vector<Diagnostic>& out,
               Read read)
{
    RawJson empty = RawJson::object(); // `true`: every setting at its default
    SettingsReader r(config.is_object() ? config : empty, path, out);
    return read(r);
}

// [SECTION] echo

app::EchoConfig read_echo(const SettingsReader& r)
{
    r.only_keys({"port", "tcp", "udp"});
    app::EchoConfig c;
    c.port = r.port("port", c.port);
    c.tcp = r.boolean("tcp", true);
    c.udp = r.boolean("udp", true);
    if (!c.tcp && !c.udp)
        r.error(r.path(), "\"tcp\" and \"udp\" are both false: the echo server would do nothing");
    return c;
}

// [SECTION] telnet

app::TelnetConfig read_telnet(const SettingsReader& r)
{
    r.only_keys({"port", "users", "banner"});
    app::TelnetConfig c;
    c.shell = &app::Shell::login;
    c.port = r.port("port", c.port);
    c.users = read_users(r);
    c.banner = r.string("banner");
    if (c.users.empty() && !r.find("users"))
        r.error(r.path(),
                "a telnet server needs users to log in: \"users\": {\"alice\": \"secret\"}");
    return c;
}

// [SECTION] ftp

app::FtpConfig read_ftp(const SettingsReader& r)
{
    r.only_keys({"port", "users", "anonymous", "files", "banner"});
    app::FtpConfig c;
    c.port = r.port("port", c.port);
    c.users = read_users(r);
    c.anonymous = r.boolean("anonymous", false);
    c.banner = r.string("banner");
    for (const auto& [name, content] : r.string_map("files")) {
        if (name.empty() || name[0] != '/' || name.back() == '/' ||
            name.find("//") != std::string::npos || name.find("/../") != std::string::npos ||
            name.find("/./") != std::string::npos)
            r.error(key_path(r.at("files"), name),
                    "a file name must be a path such as \"/pub/readme.txt\"");
        else
            c.files[name] = content;
    }
    if (c.users.empty() && !c.anonymous)
        r.error(
            r.path(),
            "nobody could log in: add \"users\": {\"alice\": \"secret\"} or \"anonymous\": true");
    return c;
}

// [SECTION] mail

// "smtp": true/false or a port number.
void read_protocol(const SettingsReader& r, std::string_view key, bool& on, uint16_t& port)
{
    const RawJson* v = r.find(key);
    if (!v) return;
    if (v->is_boolean())
        on = v->get<bool>();
    else
        on = true, port = r.port(key, port);
}

// "mynetworks": one network or a list ("10.1.0.0/24", "fd00::/64"); an address is its /32 or
// /128, as in Postfix's mynetworks.
std::vector<wire::IpPrefix> read_mynetworks(const SettingsReader& r)
{
    std::vector<wire::IpPrefix> out;
    const RawJson* v = r.find("mynetworks");
    if (!v) return out;
    RawJson list = v->is_array() ? *v : RawJson::array({*v});
    for (size_t i = 0; i < list.size(); ++i) {
        std::string path = v->is_array() ? index_path(r.at("mynetworks"), i) : r.at("mynetworks");
        if (!list[i].is_string()) {
            r.error(path, "must be a network such as \"10.1.0.0/24\" (clients allowed to "
                          "relay), not " +
                              describe_value(list[i]));
            continue;
        }
        auto p = wire::IpPrefix::parse_or_host(list[i].get<std::string>());
        if (p)
            out.push_back(*p);
        else
            r.error(path, p.error().message);
    }
    return out;
}

app::MailConfig read_mail(const SettingsReader& r)
{
    r.only_keys({"domain", "users", "mynetworks", "smtp", "pop3", "imap"});
    app::MailConfig c;
    c.domain = r.string("domain", c.domain);
    c.domain = ascii_lower(c.domain);
    if (c.domain.empty() || c.domain.find('@') != std::string::npos)
        r.error(r.at("domain"), "must be a mail domain such as \"lab\" (mail goes to user@lab)");
    c.users = read_users(r);
    if (c.users.empty())
        r.error(r.path(),
                "a mail server needs mailboxes: \"users\": {\"alice\": \"secret\", \"bob\": "
                "\"hunter2\"}");
    c.mynetworks = read_mynetworks(r);
    read_protocol(r, "smtp", c.smtp, c.smtp_port);
    read_protocol(r, "pop3", c.pop3, c.pop3_port);
    read_protocol(r, "imap", c.imap, c.imap_port);
    return c;
}

// [SECTION] ntp

app::NtpConfig read_ntp(const SettingsReader& r)
{
    r.only_keys({"port", "stratum"});
    app::NtpConfig c;
    c.port = r.port("port", c.port);
    c.stratum = uint8_t(r.count("stratum", c.stratum, 1, 15));
    return c;
}

// [SECTION] rdp, ssh, https

uint16_t read_port_only(const SettingsReader& r, uint16_t port)
{
    r.only_keys({"port"});
    return r.port("port", port);
}

// [SECTION] clock

// "offset": seconds ahead of true time (negative: behind), a number or a duration ("-90s").
int64_t read_clock(const SettingsReader& r)
{
    r.only_keys({"offset"});
    const RawJson* v = r.find("offset");
    if (!v) return 0;
    if (v->is_number() && std::abs(v->get<double>()) < 1e9)
        return int64_t(std::llround(v->get<double>() * 1e9));
    if (v->is_string()) {
        std::string text = v->get<std::string>();
        bool neg = !text.empty() && text[0] == '-';
        if (auto d =
                parse_duration(neg || (!text.empty() && text[0] == '+') ? text.substr(1) : text))
            return neg ? -d->ns() : d->ns();
    }
    r.error(r.at("offset"),
            "must be seconds (93, -0.5) or a duration (\"-120s\", \"500ms\"), not " +
                describe_value(*v));
    return 0;
}

// [SECTION] kinds

#define WIRELAB_VALIDATE(fn, read, example)                                                        \
    void fn(const RawJson& config, const std::string& path, const DeviceSpec&, const Scenario&,    \
            std::vector<Diagnostic>& out)                                                          \
    {                                                                                              \
        if (shape_of(config, path, out, example) == Shape::Object)                                 \
            read_with(config, path, out, read);                                                    \
    }

WIRELAB_VALIDATE(validate_echo, read_echo, "{\"port\": 7}")
WIRELAB_VALIDATE(validate_telnet, read_telnet, "{\"users\": {\"alice\": \"secret\"}}")
WIRELAB_VALIDATE(validate_ftp, read_ftp,
                 "{\"users\": {\"alice\": \"secret\"}, \"files\": {\"/readme.txt\": \"hi\"}}")
WIRELAB_VALIDATE(validate_mail, read_mail,
                 "{\"domain\": \"lab\", \"users\": {\"bob\": \"secret\"}}")
WIRELAB_VALIDATE(validate_ntp, read_ntp, "{\"stratum\": 1}")
WIRELAB_VALIDATE(validate_clock, read_clock, "{\"offset\": \"93s\"}")

void validate_port_only(const RawJson& config, const std::string& path, const DeviceSpec&,
                        const Scenario&, std::vector<Diagnostic>& out)
{
    if (shape_of(config, path, out, "{\"port\": 3389}") == Shape::Object)
        read_with(config, path, out, [](const SettingsReader& r) { return read_port_only(r, 1); });
}

// Telnet needs users, which `true` cannot give: validation requires an object there.
void validate_telnet_kind(const RawJson& config, const std::string& path, const DeviceSpec& d,
                          const Scenario& s, std::vector<Diagnostic>& out)
{
    if (config.is_boolean() && config.get<bool>())
        out.push_back({Diagnostic::Severity::Error, path,
                       "a telnet server needs users to log in: \"telnet\": {\"users\": {\"alice\": "
                       "\"secret\"}}"});
    else
        validate_telnet(config, path, d, s, out);
}

void validate_needs_users(const RawJson& config, const std::string& path, const DeviceSpec& d,
                          const Scenario& s, std::vector<Diagnostic>& out,
                          void (*inner)(const RawJson&, const std::string&, const DeviceSpec&,
                                        const Scenario&, std::vector<Diagnostic>&))
{
    if (config.is_boolean() && config.get<bool>())
        out.push_back({Diagnostic::Severity::Error, path,
                       "needs settings with users, e.g. {\"users\": {\"alice\": \"secret\"}}"});
    else
        inner(config, path, d, s, out);
}

void validate_ftp_kind(const RawJson& c, const std::string& p, const DeviceSpec& d,
                       const Scenario& s, std::vector<Diagnostic>& o)
{
    validate_needs_users(c, p, d, s, o, validate_ftp);
}

void validate_mail_kind(const RawJson& c, const std::string& p, const DeviceSpec& d,
                        const Scenario& s, std::vector<Diagnostic>& o)
{
    validate_needs_users(c, p, d, s, o, validate_mail);
}

bool is_on(const RawJson& config)
{
    return !(config.is_boolean() && !config.get<bool>());
}

template <class Read>
auto installed(const RawJson& config, Read read)
{
    std::vector<Diagnostic> ignored; // the scenario validated
    return read_with(config, "", ignored, read);
}

void install_echo(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (is_on(c)) app::ServiceSet::of(node).add<app::EchoServer>(installed(c, read_echo));
}

void install_telnet(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (is_on(c)) app::ServiceSet::of(node).add<app::TelnetServer>(installed(c, read_telnet));
}

void install_ftp(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (is_on(c)) app::ServiceSet::of(node).add<app::FtpServer>(installed(c, read_ftp));
}

void install_mail(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (!is_on(c)) return;
    app::ServiceSet& set = app::ServiceSet::of(node);
    app::MailStore& store = set.add<app::MailStore>(installed(c, read_mail));
    if (store.config().smtp) set.add<app::SmtpServer>(store);
    if (store.config().pop3) set.add<app::Pop3Server>(store);
    if (store.config().imap) set.add<app::ImapServer>(store);
}

void install_ntp(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (is_on(c)) app::ServiceSet::of(node).add<app::NtpServer>(installed(c, read_ntp));
}

void install_rdp(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (is_on(c))
        app::ServiceSet::of(node).add<app::RdpServer>(
            installed(c, [](const SettingsReader& r) { return read_port_only(r, 3389); }));
}

void install_ssh(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (!is_on(c)) return;
    uint16_t port = installed(c, [](const SettingsReader& r) { return read_port_only(r, 22); });
    app::ServiceSet::of(node).add<app::PlaceholderServer>(port, "sshd",
                                                          app::ssh_notice(node.name()), true);
}

void install_https(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (!is_on(c)) return;
    uint16_t port = installed(c, [](const SettingsReader& r) { return read_port_only(r, 443); });
    app::ServiceSet::of(node).add<app::PlaceholderServer>(port, "httpsd",
                                                          app::https_notice(node.name()), false);
}

void install_clock(const RawJson& c, const DeviceSpec&, net::IpNode& node, BuiltScenario&)
{
    if (is_on(c)) app::HostClock::of(node).set_offset_ns(installed(c, read_clock));
}

} // namespace

extern const ServiceKind kClockService = {
    "clock", "the host's clock, set wrong on purpose (\"offset\": \"93s\") for NTP labs",
    validate_clock, install_clock};
extern const ServiceKind kEchoService = {"echo", "echo server (RFC 862, TCP and UDP 7)",
                                         validate_echo, install_echo};
extern const ServiceKind kFtpService = {"ftp", "FTP server (TCP 21, passive mode)",
                                        validate_ftp_kind, install_ftp};
extern const ServiceKind kHttpsService = {
    "https", "HTTPS placeholder (TCP 443): says TLS is not available yet", validate_port_only,
    install_https};
extern const ServiceKind kMailService = {"mail",
                                         "mail server: SMTP 25, POP3 110, IMAP 143 with mailboxes",
                                         validate_mail_kind, install_mail};
extern const ServiceKind kNtpService = {"ntp", "NTP server (UDP 123)", validate_ntp, install_ntp};
extern const ServiceKind kRdpService = {"rdp",
                                        "Remote Desktop listener (TCP 3389): X.224 connection only",
                                        validate_port_only, install_rdp};
extern const ServiceKind kSshService = {"ssh",
                                        "SSH placeholder (TCP 22): says SSH is not available yet",
                                        validate_port_only, install_ssh};
extern const ServiceKind kTelnetService = {
    "telnet", "Telnet server (TCP 23): login and a shell, in clear text", validate_telnet_kind,
    install_telnet};

} // namespace wirelab::sim
