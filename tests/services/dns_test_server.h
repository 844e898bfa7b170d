// A scripted DNS responder for tests: a UDP socket on port 53 that answers each question from a
// table (name+type -> rcode and records), records what it was asked, and can stay silent.
#pragma once

#include "core/transport/socket_table.h"
#include "core/wire/dns.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

namespace wirelab::test {

struct ScriptedDns {
    struct Reply {
        wire::dns::Rcode rcode = wire::dns::Rcode::NoError;
        std::vector<wire::dns::Record> answers;
    };
    net::IpNode& node;
    SocketId sock;
    std::map<std::string, Reply> table; // key "www.lab. A"; missing keys answer NXDOMAIN
    std::vector<std::string> asked;     // "www.lab. A", in arrival order
    bool silent = false;

    explicit ScriptedDns(net::IpNode& n) : node(n)
    {
        auto& t = transport::SocketTable::of(node);
        sock = t.udp_open();
        REQUIRE(t.udp(sock)->bind(transport::Endpoint::any_v4(53)).ok());
        t.udp(sock)->set_callback([this](transport::SocketEvents) { on_query(); });
    }

    static std::string key(const wire::dns::Name& n, wire::dns::Type t)
    {
        return n.to_text() + " " + wire::dns::to_string(t);
    }

    void on_query()
    {
        auto* s = transport::SocketTable::of(node).udp(sock);
        while (true) {
            auto d = s->recv();
            if (!d) return;
            auto q = wire::dns::parse(d->data);
            REQUIRE(q.ok());
            REQUIRE(q->questions.size() == 1);
            std::string k = key(q->questions[0].name, q->questions[0].type);
            asked.push_back(k);
            if (silent) continue;
            wire::dns::Repr r;
            r.id = q->id;
            r.response = true;
            r.recursion_desired = q->recursion_desired;
            r.recursion_available = true;
            r.questions = q->questions;
            auto it = table.find(k);
            if (it == table.end()) {
                r.rcode = wire::dns::Rcode::NxDomain;
            } else {
                r.rcode = it->second.rcode;
                r.answers = it->second.answers;
            }
            Bytes out(wire::dns::buffer_len(r));
            wire::dns::emit(r, MutByteSpan(out));
            REQUIRE(s->send_to(out, d->from).ok());
        }
    }
};

inline wire::dns::Name dns_name(const char* text)
{
    return wire::dns::Name::from_text(text).value();
}

inline wire::dns::Record a_record(const char* name, const char* addr, uint32_t ttl = 300)
{
    return {dns_name(name), wire::dns::Class::In, ttl,
            wire::dns::A{wire::Ipv4Addr::parse(addr).value()}};
}

inline wire::dns::Record cname_record(const char* name, const char* target, uint32_t ttl = 300)
{
    return {dns_name(name), wire::dns::Class::In, ttl, wire::dns::Cname{dns_name(target)}};
}

} // namespace wirelab::test
