// DNS domain names (RFC 1035 §2.3.4, §3.1): labels of 1 to 63 bytes, at most 255 bytes in wire
// form, compared without regard to ASCII case (RFC 4343); their presentation form with dig's
// escapes (RFC 4343 §2.1, RFC 1035 §5.1); and the reverse-mapping names under in-addr.arpa
// (RFC 1035 §3.5) and ip6.arpa (RFC 3596 §2.5).
#pragma once

#include "core/base/result.h"
#include "core/wire/address.h"
#include "core/wire/wire_error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wirelab::wire::dns {

constexpr size_t kMaxLabelLen = 63;
constexpr size_t kMaxNameLen = 255; // wire bytes: length octets, labels and the final zero

// A fully qualified name. Always valid: every way to make one checks the limits. Labels keep
// the case they were given; comparisons ignore it.
class Name {
public:
    // The root, ".".
    Name() = default;

    // "www.lab", "www.lab." (same name: all names are absolute), "." for the root. Escapes:
    // "\." is a dot inside a label, "\\" a backslash, "\DDD" the byte with decimal value DDD.
    // Errors name the fault: an empty label, a label over 63 bytes, over 255 bytes in all, a
    // bad escape.
    static Result<Name, WireFault> from_text(std::string_view text);

    // Presentation form with a trailing dot, "www.lab." (the root is "."). Bytes outside
    // printable ASCII are written \DDD and the specials . \ " ( ) ; @ $ get a backslash, as dig
    // prints them, so from_text(to_text()) gives the name back.
    std::string to_text() const;

    // The leftmost label is 0. `label(i)` requires i < label_count().
    size_t label_count() const;
    std::string_view label(size_t i) const;
    bool is_root() const { return m_wire.empty(); }
    // Bytes in uncompressed wire form, final zero included (1 for the root).
    size_t wire_len() const { return m_wire.size() + 1; }
    // Length-prefixed labels without the final zero (the form emit writes and compresses).
    std::string_view wire_labels() const { return m_wire; }

    // Whether this name is `ancestor` or below it ("www.lab." is in "lab." and in ".").
    bool is_subdomain_of(const Name& ancestor) const;
    // The name without its leftmost label; the root's parent is the root.
    Name parent() const;
    // `label` + "." + this name; fails when the label is empty or too long or the result is.
    Result<Name, WireFault> child(std::string_view label) const;
    // This name followed by `suffix` (the resolver's search list: "www." + "lab." = "www.lab.").
    Result<Name, WireFault> concat(const Name& suffix) const;

    // Builds from wire-form labels (parse checks them first). Asserts the limits.
    static Name from_wire_labels(std::string wire_labels);

    // ASCII case-insensitive (RFC 4343 §3).
    bool operator==(const Name& o) const;
    // RFC 4034 §6.1 canonical order (by labels from the right, case-folded): for std::map.
    bool operator<(const Name& o) const;

private:
    std::string m_wire; // length-prefixed labels, final zero not stored
};

// 4.3.2.1.in-addr.arpa. for 1.2.3.4 (RFC 1035 §3.5).
Name reverse_name(const Ipv4Addr& addr);
// Nibbles in reverse order under ip6.arpa. (RFC 3596 §2.5): 32 labels + 2.
Name reverse_name(const Ipv6Addr& addr);
// The address a reverse name stands for, or nullopt when it is not exactly such a name.
std::optional<Ipv4Addr> ipv4_from_reverse(const Name& name);
std::optional<Ipv6Addr> ipv6_from_reverse(const Name& name);

} // namespace wirelab::wire::dns
