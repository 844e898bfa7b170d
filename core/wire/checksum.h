// The Internet checksum (RFC 1071) and the IP pseudo-headers that UDP, TCP and ICMPv6 cover
// (RFC 768, RFC 9293 §3.1, RFC 8200 §8.1).
#pragma once

#include "core/base/bytes.h"
#include "core/wire/address.h"
#include "core/wire/ip_protocol.h"

#include <cstdint>

namespace wirelab::wire::checksum {

// Adds `data` to a running ones' complement sum and returns the new sum, folded to 16 bits.
// `data` must start at an even offset of the checksummed message (only the last piece may have
// an odd length): RFC 1071 pairs bytes into 16-bit words from the start. Sums 8 bytes per step
// in host order, which RFC 1071 §2(B) shows gives the same result once byte-swapped.
uint32_t accumulate(ByteSpan data, uint32_t sum = 0);

// Adds one 16-bit word (already in host value form, e.g. a length).
inline uint32_t add_u16(uint32_t sum, uint16_t v)
{
    sum += v;
    return (sum & 0xffff) + (sum >> 16);
}

// Folds a sum to 16 bits and complements it: the value stored in a checksum field.
inline uint16_t finish(uint32_t sum)
{
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

// Checksum of a whole message (its checksum field zeroed or, to verify, left in place).
inline uint16_t compute(ByteSpan data)
{
    return finish(accumulate(data));
}

// A message verifies when its sum, checksum field included, is all ones (RFC 1071 §1).
inline bool is_valid(ByteSpan data, uint32_t initial = 0)
{
    return finish(accumulate(data, initial)) == 0;
}

} // namespace wirelab::wire::checksum

namespace wirelab::wire {

// The pseudo-header an upper-layer checksum covers. The IPv4 form (src, dst, zero, protocol,
// 16-bit length) and the IPv6 form (src, dst, 32-bit length, zeros, next header) sum to the same
// formula over different addresses, so one type holds the address sum plus which IP it was:
// UDP treats a zero checksum differently over IPv4 and IPv6.
class PseudoHeader {
public:
    static PseudoHeader v4(const Ipv4Addr& src, const Ipv4Addr& dst);
    static PseudoHeader v6(const Ipv6Addr& src, const Ipv6Addr& dst);

    bool is_ipv6() const { return m_ipv6; }
    // Partial sum of the pseudo-header for an upper-layer message of `upper_len` bytes.
    uint32_t sum(IpProtocol protocol, uint32_t upper_len) const;

private:
    PseudoHeader(uint32_t addr_sum, bool ipv6) : m_addr_sum(addr_sum), m_ipv6(ipv6) {}
    uint32_t m_addr_sum;
    bool m_ipv6;
};

// Fills the 16-bit checksum field at `field_offset` of `message` (header + payload), covering
// the pseudo-header. The field is zeroed first. `zero_as_ffff` maps a computed 0 to 0xFFFF, as
// UDP must (RFC 768: "If the computed checksum is zero, it is transmitted as all ones").
void fill_upper_checksum(MutByteSpan message, size_t field_offset, const PseudoHeader& ph,
                         IpProtocol protocol, bool zero_as_ffff = false);

// Whether `message` (checksum field in place) verifies against the pseudo-header.
bool verify_upper_checksum(ByteSpan message, const PseudoHeader& ph, IpProtocol protocol);

} // namespace wirelab::wire
