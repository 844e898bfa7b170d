// Scenario loading, part 3: entries of "links" (endpoints and per-direction impairments) and of
// "script" (timed commands).
#include "sim/scenario_json.h"
#include "sim/scenario_load.h"

namespace wirelab::sim::detail {
namespace {

using J = RawJson;

// Settings allowed both on the link and in "a_to_b"/"b_to_a".
const KeyList kDirKeys = {"bandwidth", "delay",   "queue",         "loss",   "burst",
                          "duplicate", "reorder", "reorder_delay", "corrupt"};
const KeyList kLinkKeys = {"a",       "b",     "bandwidth", "delay",   "queue",
                           "loss",    "burst", "duplicate", "reorder", "reorder_delay",
                           "corrupt", "up",    "a_to_b",    "b_to_a",  "notes"};
const KeyList kBurstKeys = {"p", "r", "loss_good", "loss_bad"};
const KeyList kScriptKeys = {"at", "on", "run"};

constexpr uint64_t kMaxQueue = 1'000'000;

std::optional<Endpoint> read_endpoint(Reader& r, const J& v, std::string_view key,
                                      const std::string& path)
{
    std::string p = join_path(path, key);
    if (!Reader::find(v, key)) {
        r.error(p, "missing; a link joins \"a\" and \"b\", each \"device:interface\" (e.g. "
                   "\"pc1:eth0\") or \"switch:portN\"");
        return std::nullopt;
    }
    auto text = r.get_string(v, key, path, true);
    if (!text) return std::nullopt;
    size_t colon = text->find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text->size() ||
        text->find(':', colon + 1) != std::string::npos) {
        r.error(p, quote(*text) + " is not an endpoint: write \"device:interface\" (e.g. "
                                  "\"pc1:eth0\") or \"switch:portN\" (e.g. \"sw1:port3\")");
        return std::nullopt;
    }
    return Endpoint{text->substr(0, colon), text->substr(colon + 1)};
}

std::optional<net::BurstLoss> read_burst(Reader& r, const J& v, const std::string& path)
{
    const J* b = Reader::find(v, "burst");
    if (!b) return std::nullopt;
    std::string p = join_path(path, "burst");
    if (!r.check_object(*b, p, "Gilbert-Elliott burst loss {\"p\": 0.01, \"r\": 0.3}"))
        return std::nullopt;
    r.check_keys(*b, p, kBurstKeys);
    net::BurstLoss burst;
    auto pp = r.get_probability(*b, "p", p);
    auto rr = r.get_probability(*b, "r", p);
    for (auto [name, val] : {std::pair{"p", &pp}, std::pair{"r", &rr}})
        if (!Reader::find(*b, name))
            r.error(join_path(p, name), std::string("missing: the probability of moving to the ") +
                                            (name[0] == 'p' ? "bad" : "good") + " state per frame");
    auto good = r.get_probability(*b, "loss_good", p);
    auto bad = r.get_probability(*b, "loss_bad", p);
    if (!pp || !rr) return std::nullopt;
    burst.p = *pp;
    burst.r = *rr;
    burst.loss_good = good.value_or(0.0);
    burst.loss_bad = bad.value_or(1.0);
    return burst;
}

LinkDirSpec read_dir(Reader& r, const J& v, const std::string& path)
{
    LinkDirSpec d;
    d.bandwidth_bps = r.get_bandwidth(v, "bandwidth", path);
    d.delay = r.get_duration(v, "delay", path);
    if (auto q = r.get_uint(v, "queue", path, 1, kMaxQueue, "the queue length in frames"))
        d.queue = uint32_t(*q);
    d.loss = r.get_probability(v, "loss", path);
    d.burst = read_burst(r, v, path);
    d.duplicate = r.get_probability(v, "duplicate", path);
    d.reorder = r.get_probability(v, "reorder", path);
    d.reorder_delay = r.get_duration(v, "reorder_delay", path);
    d.corrupt = r.get_probability(v, "corrupt", path);
    return d;
}

LinkDirSpec read_override(Reader& r, const J& v, std::string_view key, const std::string& path)
{
    const J* o = Reader::find(v, key);
    if (!o) return {};
    std::string p = join_path(path, key);
    if (!r.check_object(*o, p, "per-direction settings {\"loss\": 0.1, ...}")) return {};
    r.check_keys(*o, p, kDirKeys);
    return read_dir(r, *o, p);
}

} // namespace

LinkSpec read_link(Reader& r, const J& v, const std::string& path)
{
    LinkSpec link;
    if (!r.check_object(v, path, "a link {\"a\": \"pc1:eth0\", \"b\": \"sw1:port1\"}")) return link;
    r.check_keys(v, path, kLinkKeys);
    if (auto a = read_endpoint(r, v, "a", path)) link.a = *a;
    if (auto b = read_endpoint(r, v, "b", path)) link.b = *b;
    link.both = read_dir(r, v, path);
    link.a_to_b = read_override(r, v, "a_to_b", path);
    link.b_to_a = read_override(r, v, "b_to_a", path);
    link.up = r.get_bool(v, "up", path).value_or(true);
    link.notes = r.get_raw(v, "notes");
    return link;
}

ScriptEntry read_script_entry(Reader& r, const J& v, const std::string& path)
{
    ScriptEntry e;
    if (!r.check_object(v, path, "a command {\"at\": \"1s\", \"on\": \"pc1\", \"run\": \"...\"}"))
        return e;
    r.check_keys(v, path, kScriptKeys);
    if (!Reader::find(v, "at"))
        r.error(join_path(path, "at"), "missing; when to run the command, e.g. \"1s\"");
    else
        e.at = r.get_duration(v, "at", path).value_or(SimTime{});
    e.on = r.get_string(v, "on", path, true).value_or("");
    e.run = r.get_string(v, "run", path, true).value_or("");
    return e;
}

} // namespace wirelab::sim::detail
