// Lab loading, part 2: the checks. One reader per kind, listed in kKinds; a new kind (a DHCP pool,
// a DNS record...) adds a struct to CheckSpec in lab.h, a reader here and an evaluator in
// lab_checks.cpp.
// [SECTION] index: shared readers · kinds · read_checks
#include "sim/lab_load.h"
#include "sim/scenario_json.h"

namespace wirelab::sim::detail {
namespace {

using J = RawJson;

const KeyList kCommonKeys = {"id", "kind", "points", "description", "hints"};

struct Ctx {
    Reader& r;
    const Scenario& scenario;
    const LabLocks& locks;
};

// ===================================================================================== [SECTION]
// Shared readers

std::string device_list(const Scenario& s)
{
    std::string out;
    for (const DeviceSpec& d : s.devices) out += (out.empty() ? "" : ", ") + d.name;
    return out.empty() ? "none" : out;
}

// A device a check names: it must be in the lab's scenario, unless students may add devices
// (then the check may be about one they are asked to add).
void check_device(Ctx& c, const std::string& path, const std::string& name, bool need_ip)
{
    if (name.empty()) return;
    const DeviceSpec* d = c.scenario.find_device(name);
    if (!d) {
        if (c.locks.add_devices) return;
        std::vector<std::string_view> names;
        for (const DeviceSpec& x : c.scenario.devices) names.push_back(x.name);
        std::string_view guess = closest(name, names);
        c.r.error(path, "no device " + quote(name) + " in the lab's scenario" +
                            (guess.empty() ? " (devices: " + device_list(c.scenario) + ")"
                                           : "; did you mean " + quote(guess) + "?"));
        return;
    }
    if (need_ip && !d->is_ip_node())
        c.r.error(path, quote(name) + " is a " + to_string(d->type) +
                            "; this check needs a host or a router");
}

std::string get_device(Ctx& c, const J& v, std::string_view key, const std::string& path,
                       bool required)
{
    std::string name = c.r.get_string(v, key, path, required).value_or("");
    check_device(c, join_path(path, key), name, true);
    return name;
}

std::optional<wire::IpPrefix> get_prefix(Ctx& c, const J& v, std::string_view key,
                                         const std::string& path)
{
    auto text = c.r.get_string(v, key, path, false);
    if (!text) return std::nullopt;
    auto p = wire::IpPrefix::parse_or_host(*text);
    if (!p) {
        c.r.error(join_path(path, key), p.error().message);
        return std::nullopt;
    }
    return *p;
}

std::optional<wire::IpAddr> get_addr(Ctx& c, const J& v, std::string_view key,
                                     const std::string& path)
{
    auto text = c.r.get_string(v, key, path, false);
    if (!text) return std::nullopt;
    auto a = wire::IpAddr::parse(*text);
    if (!a) {
        c.r.error(join_path(path, key), a.error().message);
        return std::nullopt;
    }
    return *a;
}

LabCommand read_command(Ctx& c, const J& v, const std::string& path)
{
    LabCommand cmd;
    if (!c.r.check_object(v, path, "a command {\"on\": \"pc1\", \"run\": \"ping -c 1 10.0.0.1\"}"))
        return cmd;
    c.r.check_keys(v, path, {"on", "run", "at"});
    cmd.on = get_device(c, v, "on", path, true);
    cmd.run = c.r.get_string(v, "run", path, true).value_or("");
    cmd.at = c.r.get_duration(v, "at", path);
    return cmd;
}

std::vector<LabCommand> read_commands(Ctx& c, const J& v, std::string_view key,
                                      const std::string& path)
{
    std::vector<LabCommand> out;
    if (const J* list = c.r.get_list(v, key, path))
        for (size_t i = 0; i < list->size(); ++i)
            out.push_back(read_command(c, (*list)[i], index_path(join_path(path, key), i)));
    return out;
}

std::optional<LabRegex> get_regex(Ctx& c, const J& v, std::string_view key, const std::string& path)
{
    auto text = c.r.get_string(v, key, path, false);
    if (!text) return std::nullopt;
    auto re = LabRegex::parse(*text);
    if (!re) {
        c.r.error(join_path(path, key), re.error());
        return std::nullopt;
    }
    return std::move(*re);
}

// ===================================================================================== [SECTION]
// Kinds

CheckSpec read_address(Ctx& c, const J& v, const std::string& path)
{
    AddressCheck a;
    a.device = get_device(c, v, "device", path, true);
    a.interface = c.r.get_string(v, "interface", path, false).value_or("");
    auto in = get_prefix(c, v, "in", path);
    if (!Reader::find(v, "in"))
        c.r.error(join_path(path, "in"),
                  "missing (required): the prefix the address must lie in, e.g. \"10.0.1.0/24\"");
    if (in) a.in = *in;
    if (auto len =
            c.r.get_uint(v, "length", path, 0, in && in->is_v6() ? 128 : 32, "a prefix length"))
        a.length = uint8_t(*len);
    a.absent = c.r.get_bool(v, "absent", path).value_or(false);
    if (auto src = c.r.get_string(v, "source", path, false)) {
        if (*src == "dhcp")
            a.source = AddressSource::Dhcp;
        else if (*src == "static")
            a.source = AddressSource::Static;
        else if (*src != "any")
            c.r.error(join_path(path, "source"),
                      quote(*src) + " is not an address source: write \"dhcp\" (a DHCP lease), "
                                    "\"static\" (not from DHCP) or \"any\"");
        if (a.source != AddressSource::Any && in && in->is_v6())
            c.r.error(join_path(path, "source"),
                      "\"dhcp\" and \"static\" are for IPv4 addresses (Wirelab has no DHCPv6)");
        if (a.source != AddressSource::Any && a.absent)
            c.r.error(join_path(path, "source"), "has no meaning with \"absent\": true");
    }
    return a;
}

CheckSpec read_route(Ctx& c, const J& v, const std::string& path)
{
    RouteCheck rc;
    rc.device = get_device(c, v, "device", path, true);
    if (auto to = c.r.get_string(v, "to", path, false)) {
        if (*to == "default") {
            rc.to = wire::IpPrefix(wire::Ipv4Prefix{});
        } else if (*to == "default6") {
            rc.to = wire::IpPrefix(wire::Ipv6Prefix{});
        } else if (auto p = wire::IpPrefix::parse(*to)) {
            rc.to = p->canonical();
        } else {
            c.r.error(join_path(path, "to"),
                      p.error().message + " (or write \"default\" / \"default6\")");
        }
    }
    rc.lookup = get_addr(c, v, "lookup", path);
    bool has_to = Reader::find(v, "to"), has_lookup = Reader::find(v, "lookup");
    if (has_to == has_lookup)
        c.r.error(path, has_to ? "give \"to\" (a route for exactly this prefix) or \"lookup\" (the "
                                 "route used for this address), not both"
                               : "missing \"to\" (a prefix, \"default\" or \"default6\") or "
                                 "\"lookup\" (an address)");
    rc.via = get_addr(c, v, "via", path);
    rc.interface = c.r.get_string(v, "interface", path, false).value_or("");
    rc.absent = c.r.get_bool(v, "absent", path).value_or(false);
    return rc;
}

CheckSpec read_listening(Ctx& c, const J& v, const std::string& path)
{
    ListeningCheck l;
    l.device = get_device(c, v, "device", path, true);
    if (!Reader::find(v, "port"))
        c.r.error(join_path(path, "port"), "missing (required): a port number 1-65535");
    l.port = uint16_t(c.r.get_uint(v, "port", path, 1, 65535, "a port number").value_or(0));
    std::string proto = c.r.get_string(v, "protocol", path, false).value_or("tcp");
    if (proto != "tcp" && proto != "udp")
        c.r.error(join_path(path, "protocol"),
                  quote(proto) + " is not a protocol here: write \"tcp\" or \"udp\"");
    l.udp = proto == "udp";
    return l;
}

// "192.168.1.100-192.168.1.199" or one address "192.168.1.10".
std::optional<Ipv4Range> read_range(Ctx& c, const J& v, const std::string& path)
{
    const std::string* s = v.get_ptr<const std::string*>();
    if (!s) {
        c.r.error(path,
                  "expected an IPv4 range \"192.168.1.100-192.168.1.199\" or one address, got " +
                      describe_value(v));
        return std::nullopt;
    }
    size_t dash = s->find('-');
    auto first = wire::Ipv4Addr::parse(s->substr(0, dash));
    auto last = dash == std::string::npos ? first : wire::Ipv4Addr::parse(s->substr(dash + 1));
    if (!first || !last) {
        c.r.error(path, quote(*s) + " is not an IPv4 range: write \"first-last\" "
                                    "(\"192.168.1.100-192.168.1.199\") or one address");
        return std::nullopt;
    }
    if (last->to_u32() < first->to_u32()) {
        c.r.error(path, quote(*s) + ": the last address comes before the first");
        return std::nullopt;
    }
    return Ipv4Range{*first, *last};
}

CheckSpec read_dhcp_pool(Ctx& c, const J& v, const std::string& path)
{
    DhcpPoolCheck d;
    d.device = get_device(c, v, "device", path, true);
    if (const J* cov = Reader::find(v, "covers"))
        d.covers = read_range(c, *cov, join_path(path, "covers"));
    if (const J* ex = Reader::find(v, "excludes")) {
        std::string p = join_path(path, "excludes");
        if (ex->is_array()) {
            for (size_t i = 0; i < ex->size(); ++i)
                if (auto r = read_range(c, (*ex)[i], index_path(p, i))) d.excludes.push_back(*r);
        } else if (auto r = read_range(c, *ex, p)) {
            d.excludes.push_back(*r);
        }
    }
    if (!Reader::find(v, "covers") && !Reader::find(v, "excludes"))
        c.r.error(path, "missing \"covers\" (a range the pool must hand out) or \"excludes\" "
                        "(addresses it must not)");
    return d;
}

CheckSpec read_command_check(Ctx& c, const J& v, const std::string& path)
{
    CommandCheck cc;
    cc.command.on = get_device(c, v, "on", path, true);
    cc.command.run = c.r.get_string(v, "run", path, true).value_or("");
    cc.command.at = c.r.get_duration(v, "at", path);
    cc.setup = read_commands(c, v, "setup", path);
    if (const J* e = Reader::find(v, "exit")) {
        if (const std::string* s = e->get_ptr<const std::string*>()) {
            if (*s == "nonzero")
                cc.exit = ExitExpect::NonZero;
            else if (*s == "any")
                cc.exit = ExitExpect::Any;
            else
                c.r.error(join_path(path, "exit"),
                          quote(*s) + " is not an exit expectation: write a number (0 = success), "
                                      "\"nonzero\" or \"any\"");
        } else if (auto code = c.r.get_uint(v, "exit", path, 0, 255, "an exit status")) {
            cc.exit_code = int(*code);
        }
    }
    cc.matches = get_regex(c, v, "output_matches", path);
    cc.not_matches = get_regex(c, v, "output_not_matches", path);
    return cc;
}

// "dev" or "dev:port" (a link end).
Endpoint read_end(Ctx& c, const J& v, const std::string& path)
{
    const std::string* s = v.get_ptr<const std::string*>();
    if (!s) {
        c.r.error(path, "expected a device name or \"device:port\", got " + describe_value(v));
        return {};
    }
    size_t colon = s->find(':');
    Endpoint e{s->substr(0, colon), colon == std::string::npos ? "" : s->substr(colon + 1)};
    check_device(c, path, e.device, false);
    return e;
}

void read_frames(Ctx& c, const J& v, const std::string& path, TrafficCheck& t)
{
    const J* f = Reader::find(v, "frames");
    std::string p = join_path(path, "frames");
    if (!f) return; // default: at least one
    if (const std::string* s = f->get_ptr<const std::string*>()) {
        if (*s == "none") {
            t.min = 0, t.max = 0;
        } else if (*s == "some") {
            t.min = 1, t.max = UINT64_MAX;
        } else {
            c.r.error(
                p,
                quote(*s) +
                    " is not a frame count: write \"none\", \"some\" or {\"min\": 1, \"max\": 5}");
        }
        return;
    }
    if (!c.r.check_object(*f, p, "\"none\", \"some\" or a count {\"min\": 1, \"max\": 5}")) return;
    c.r.check_keys(*f, p, {"min", "max"});
    t.min = c.r.get_uint(*f, "min", p, 0, UINT32_MAX, "a frame count").value_or(0);
    t.max = c.r.get_uint(*f, "max", p, 0, UINT32_MAX, "a frame count").value_or(UINT64_MAX);
    if (t.max < t.min) c.r.error(p, "max is smaller than min");
}

CheckSpec read_traffic(Ctx& c, const J& v, const std::string& path)
{
    TrafficCheck t;
    if (!Reader::find(v, "filter"))
        c.r.error(join_path(path, "filter"),
                  "missing (required): a display filter, e.g. \"icmp.type == 8\"");
    if (auto text = c.r.get_string(v, "filter", path, false)) {
        auto f = wire::DisplayFilter::parse(*text);
        if (f)
            t.filter = std::move(*f);
        else
            c.r.error(join_path(path, "filter"), f.error().message);
    }
    int scopes = 0;
    if (const J* link = c.r.get_list(v, "link", path)) {
        ++scopes;
        t.scope = TrafficScope::Link;
        if (link->size() != 2)
            c.r.error(
                join_path(path, "link"),
                "a link is named by its two ends: [\"r1\", \"r2\"] or [\"r1:eth1\", \"r2:eth0\"]");
        for (size_t i = 0; i < link->size() && i < 2; ++i)
            t.link.push_back(read_end(c, (*link)[i], index_path(join_path(path, "link"), i)));
    }
    if (Reader::find(v, "sent_by")) {
        ++scopes;
        t.scope = TrafficScope::SentBy;
        t.device = c.r.get_string(v, "sent_by", path, false).value_or("");
        check_device(c, join_path(path, "sent_by"), t.device, false);
    }
    if (Reader::find(v, "received_by")) {
        ++scopes;
        t.scope = TrafficScope::ReceivedBy;
        t.device = c.r.get_string(v, "received_by", path, false).value_or("");
        check_device(c, join_path(path, "received_by"), t.device, false);
    }
    if (scopes > 1) c.r.error(path, "give at most one of \"link\", \"sent_by\", \"received_by\"");
    read_frames(c, v, path, t);
    t.during = read_commands(c, v, "during", path);
    return t;
}

struct KindDef {
    std::string_view name;
    KeyList keys; // besides kCommonKeys
    CheckSpec (*read)(Ctx&, const J&, const std::string&);
};

const std::vector<KindDef>& kinds()
{
    static const std::vector<KindDef> table = {
        {"address", {"device", "interface", "in", "length", "source", "absent"}, read_address},
        {"route", {"device", "to", "lookup", "via", "interface", "absent"}, read_route},
        {"listening", {"device", "port", "protocol"}, read_listening},
        {"dhcp-pool", {"device", "covers", "excludes"}, read_dhcp_pool},
        {"command",
         {"on", "run", "at", "setup", "exit", "output_matches", "output_not_matches"},
         read_command_check},
        {"traffic", {"filter", "link", "sent_by", "received_by", "frames", "during"}, read_traffic},
    };
    return table;
}

bool is_id(const std::string& s)
{
    if (s.empty() || s.size() > 64) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char ch = s[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                  (i > 0 && (ch == '-' || ch == '_'));
        if (!ok) return false;
    }
    return true;
}

// ===================================================================================== [SECTION]
// One check, then the list

Check read_check(Ctx& c, const J& v, const std::string& path)
{
    Check ch;
    ch.path = path;
    if (!c.r.check_object(v, path, "a check {\"id\": ..., \"kind\": ..., \"points\": ...}"))
        return ch;
    auto id = c.r.get_string(v, "id", path, true);
    ch.id = id.value_or("");
    if (id && !is_id(ch.id))
        c.r.error(join_path(path, "id"),
                  quote(ch.id) + " is not a check id: use 1-64 lower-case letters, digits, '-' or "
                                 "'_', starting with a letter or digit (it becomes a CSV column)");
    if (!Reader::find(v, "points"))
        c.r.error(join_path(path, "points"),
                  "missing (required): how many points the check is worth");
    ch.points = uint32_t(c.r.get_uint(v, "points", path, 0, 1000, "points").value_or(0));
    ch.description = c.r.get_string(v, "description", path, true).value_or("");
    if (const J* h = Reader::find(v, "hints")) {
        if (const std::string* s = h->get_ptr<const std::string*>()) {
            ch.hints.push_back(*s);
        } else if (const J* list = c.r.get_list(v, "hints", path)) {
            for (size_t i = 0; i < list->size(); ++i) {
                const std::string* s = (*list)[i].get_ptr<const std::string*>();
                if (s)
                    ch.hints.push_back(*s);
                else
                    c.r.error(index_path(join_path(path, "hints"), i),
                              "expected a hint (a string), got " + describe_value((*list)[i]));
            }
        }
    }
    ch.kind = c.r.get_string(v, "kind", path, true).value_or("");
    std::vector<std::string_view> names;
    for (const KindDef& k : kinds()) names.push_back(k.name);
    for (const KindDef& k : kinds()) {
        if (k.name != ch.kind) continue;
        KeyList keys = kCommonKeys;
        keys.insert(keys.end(), k.keys.begin(), k.keys.end());
        c.r.check_keys(v, path, keys);
        ch.spec = k.read(c, v, path);
        return ch;
    }
    if (!ch.kind.empty()) {
        std::string_view guess = closest(ch.kind, names);
        std::string msg = quote(ch.kind) + " is not a check kind";
        msg += guess.empty() ? "" : "; did you mean " + quote(guess) + "?";
        msg += " (kinds: address, route, listening, dhcp-pool, command, traffic)";
        c.r.error(join_path(path, "kind"), msg);
    }
    return ch;
}

} // namespace

std::vector<Check> read_checks(Reader& r, const J& list, const Scenario& scenario,
                               const LabLocks& locks)
{
    Ctx c{r, scenario, locks};
    std::vector<Check> out;
    if (!list.is_array()) {
        r.error("checks", "expected a list of checks [...], got " + describe_value(list));
        return out;
    }
    if (list.empty()) r.error("checks", "a lab needs at least one check");
    for (size_t i = 0; i < list.size(); ++i) {
        Check ch = read_check(c, list[i], index_path("checks", i));
        for (const Check& other : out)
            if (!ch.id.empty() && other.id == ch.id)
                r.error(index_path("checks", i) + ".id", quote(ch.id) + " is already the id of " +
                                                             other.path + "; ids must be unique");
        out.push_back(std::move(ch));
    }
    return out;
}

} // namespace wirelab::sim::detail
