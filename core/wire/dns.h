// DNS messages (RFC 1035 §4.1): header with its flags (plus AD/CD of RFC 4035 §3.2), questions
// and resource records of types A, NS, CNAME, SOA, PTR, MX, TXT (RFC 1035 §3.3) and AAAA
// (RFC 3596); any other type kept as raw bytes (RFC 3597). Names are compressed on emit and
// decompressed on parse (RFC 1035 §4.1.4), with pointers required to point backwards so a
// crafted message cannot loop. Presentation helpers follow dig's output.
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/dns_name.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wirelab::wire::dns {

constexpr size_t kId = 0;       // 2 bytes
constexpr size_t kFlags = 2;    // 2 bytes: QR opcode(4) AA TC RD RA Z AD CD rcode(4)
constexpr size_t kQdCount = 4;  // 2 bytes: questions
constexpr size_t kAnCount = 6;  // 2 bytes: answer records
constexpr size_t kNsCount = 8;  // 2 bytes: authority records
constexpr size_t kArCount = 10; // 2 bytes: additional records
constexpr size_t kHeaderLen = 12;

constexpr uint16_t kFlagQr = 0x8000;
constexpr uint16_t kFlagAa = 0x0400;
constexpr uint16_t kFlagTc = 0x0200;
constexpr uint16_t kFlagRd = 0x0100;
constexpr uint16_t kFlagRa = 0x0080;
constexpr uint16_t kFlagZ = 0x0040; // must be zero: emit clears it, parse ignores it
constexpr uint16_t kFlagAd = 0x0020;
constexpr uint16_t kFlagCd = 0x0010;

constexpr uint16_t kPort = 53;
// RFC 1035 §4.2.1: "Messages carried by UDP are restricted to 512 bytes"; a longer answer is cut
// and sent with TC set, and the client retries over TCP (RFC 7766).
constexpr size_t kMaxUdpLen = 512;
// A compression pointer holds a 14-bit offset.
constexpr size_t kMaxPointerOffset = 0x3fff;

enum class Opcode : uint8_t { Query = 0, IQuery = 1, Status = 2, Notify = 4, Update = 5 };

// 4-bit response codes (RFC 1035 §4.1.1, RFC 2136 §2.2 for 6-10).
enum class Rcode : uint8_t {
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NxDomain = 3,
    NotImp = 4,
    Refused = 5,
    YxDomain = 6,
    YxRrset = 7,
    NxRrset = 8,
    NotAuth = 9,
    NotZone = 10,
};

// RR and QTYPE values (IANA "Resource Record (RR) TYPEs"); any 16-bit value may appear.
enum class Type : uint16_t {
    A = 1,
    Ns = 2,
    Cname = 5,
    Soa = 6,
    Ptr = 12,
    Mx = 15,
    Txt = 16,
    Aaaa = 28,
    Opt = 41, // EDNS (RFC 6891): kept as a raw record in the additional section
    Axfr = 252,
    Any = 255,
};

enum class Class : uint16_t { In = 1, Ch = 3, Hs = 4, None = 254, Any = 255 };

struct Question {
    Name name;
    Type type = Type::A;
    Class qclass = Class::In;
    bool operator==(const Question&) const = default;
};

// Record data, one struct per interpreted type.
struct A {
    Ipv4Addr addr;
    bool operator==(const A&) const = default;
};
struct Aaaa {
    Ipv6Addr addr;
    bool operator==(const Aaaa&) const = default;
};
struct Ns {
    Name host;
    bool operator==(const Ns&) const = default;
};
struct Cname {
    Name target;
    bool operator==(const Cname&) const = default;
};
struct Ptr {
    Name target;
    bool operator==(const Ptr&) const = default;
};
struct Mx {
    uint16_t preference = 10;
    Name exchange;
    bool operator==(const Mx&) const = default;
};
// One or more <character-string>s of at most 255 bytes each (RFC 1035 §3.3.14).
struct Txt {
    std::vector<std::string> strings;
    bool operator==(const Txt&) const = default;
};
struct Soa {
    Name mname; // primary server
    Name rname; // responsible mailbox, "hostmaster.lab." for hostmaster@lab
    uint32_t serial = 0;
    uint32_t refresh = 0;
    uint32_t retry = 0;
    uint32_t expire = 0;
    uint32_t minimum = 0; // negative-caching TTL (RFC 2308 §4)
    bool operator==(const Soa&) const = default;
};
// Any other type, data kept byte for byte. `type` must not be one of the types above (emit
// asserts: it would come back as that type's struct).
struct RawRdata {
    uint16_t type = 0;
    Bytes data; // at most 65535 bytes
    bool operator==(const RawRdata&) const = default;
};

using RData = std::variant<A, Aaaa, Ns, Cname, Ptr, Mx, Txt, Soa, RawRdata>;

Type type_of(const RData& data);

struct Record {
    Name name;
    Class rclass = Class::In; // for OPT: the requestor's UDP payload size
    // Seconds, as on the wire. RFC 2181 §8: a value with the top bit set is to be treated as 0;
    // caches apply that, the wire layer does not.
    uint32_t ttl = 0;
    RData data;

    Type type() const { return type_of(data); }
    bool operator==(const Record&) const = default;
};

struct Repr {
    uint16_t id = 0;
    bool response = false; // QR
    Opcode opcode = Opcode::Query;
    bool authoritative = false;       // AA
    bool truncated = false;           // TC
    bool recursion_desired = false;   // RD
    bool recursion_available = false; // RA
    bool authentic_data = false;      // AD
    bool checking_disabled = false;   // CD
    Rcode rcode = Rcode::NoError;     // emit asserts it fits in 4 bits
    std::vector<Question> questions;
    std::vector<Record> answers;
    std::vector<Record> authorities;
    std::vector<Record> additionals;
    bool operator==(const Repr&) const = default;
};

// Checks, in order: the 12-byte header, then each question and record as the counts announce
// them: names (labels inside the message, pointers to earlier bytes only, at most 255 bytes),
// the fixed fields, record data inside the message and exactly as long as its type needs. Bytes
// after the last announced record are ignored.
Result<Repr, WireFault> parse(ByteSpan message);

// Size of the compressed message emit writes.
size_t buffer_len(const Repr& repr);

// `out.size()` must be buffer_len(repr). Every owner name and the names inside NS, CNAME, PTR,
// MX and SOA data (the types RFC 3597 §4 allows to compress) are compressed against the names
// written before them, matching case exactly so parse gives back the same bytes.
void emit(const Repr& repr, MutByteSpan out);

// Makes a response fit in `max_len` bytes (kMaxUdpLen over UDP without EDNS): drops records from
// the end of the additional section, then of the authority and answer sections. TC is set when
// an answer or authority record had to go (RFC 2181 §9: not for missing extra information), so
// the client retries over TCP. Returns whether anything was dropped; the header and questions
// alone are never cut.
bool truncate_to(Repr& repr, size_t max_len);

// [SECTION] Presentation (dig-style text)

// "NOERROR", "NXDOMAIN", "SERVFAIL", ...; "RESERVED11" style for the rest.
std::string to_string(Rcode rcode);
// "A", "AAAA", "MX", ...; "TYPE65" for others (RFC 3597 §5).
std::string to_string(Type type);
// "IN", "CH", "HS", "ANY"; "CLASS5" for others.
std::string to_string(Class cls);
// Case-insensitive inverse of to_string(Type), "TYPE65" included; nullopt when unknown.
std::optional<Type> type_from_text(std::string_view text);
// The data as dig prints it: "10.0.0.80", "10 mail.lab.", "\"hello\" \"world\"",
// "ns1.lab. hostmaster.lab. 1 3600 600 86400 300", "\# 3 0a0b0c" (RFC 3597 §5).
std::string rdata_to_text(const RData& data);
// One record as dig prints it, tab-separated: "www.lab.\t300\tIN\tA\t10.0.0.80".
std::string to_text(const Record& record);

} // namespace wirelab::wire::dns
