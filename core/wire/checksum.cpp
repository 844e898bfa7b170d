// RFC 1071 Internet checksum, summed four 32-bit words per step into two 64-bit accumulators.
#include "core/wire/checksum.h"

#include "core/base/assert.h"

#include <bit>
#include <cstring>

namespace wirelab::wire::checksum {

namespace {

uint32_t load_host32(const uint8_t* p)
{
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

// Folds a 64-bit sum of host-order 32-bit words to 16 bits (2^16 ≡ 1 mod 0xFFFF).
uint16_t fold64(uint64_t acc)
{
    acc = (acc & 0xffffffffu) + (acc >> 32);
    acc = (acc & 0xffffffffu) + (acc >> 32);
    uint32_t s = uint32_t(acc);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return uint16_t(s);
}

} // namespace

uint32_t accumulate(ByteSpan data, uint32_t sum)
{
    const uint8_t* p = data.data();
    size_t n = data.size();
    // Each add is < 2^32, so 64-bit accumulators cannot overflow below 2^32 words (16 GiB).
    uint64_t a = 0;
    uint64_t b = 0;
    for (; n >= 16; p += 16, n -= 16) {
        a += load_host32(p);
        b += load_host32(p + 4);
        a += load_host32(p + 8);
        b += load_host32(p + 12);
    }
    for (; n >= 4; p += 4, n -= 4) a += load_host32(p);
    if (n > 0) {
        // The tail in place, zero-extended: an odd last byte becomes the high byte of its word.
        uint8_t tail[4] = {0, 0, 0, 0};
        std::memcpy(tail, p, n);
        b += load_host32(tail);
    }
    uint16_t host_sum = fold64(a + (b & 0xffffffffu) + (b >> 32));
    // The sum was taken over host-order words; RFC 1071 §2(B): swapping the result gives the
    // network-order sum.
    uint16_t net_sum = host_sum;
    if constexpr (std::endian::native == std::endian::little)
        net_sum = uint16_t((host_sum >> 8) | (host_sum << 8));
    return add_u16(sum, net_sum);
}

} // namespace wirelab::wire::checksum

namespace wirelab::wire {

PseudoHeader PseudoHeader::v4(const Ipv4Addr& src, const Ipv4Addr& dst)
{
    uint32_t s = checksum::accumulate(src.bytes);
    return PseudoHeader(checksum::accumulate(dst.bytes, s), false);
}

PseudoHeader PseudoHeader::v6(const Ipv6Addr& src, const Ipv6Addr& dst)
{
    uint32_t s = checksum::accumulate(src.bytes);
    return PseudoHeader(checksum::accumulate(dst.bytes, s), true);
}

uint32_t PseudoHeader::sum(IpProtocol protocol, uint32_t upper_len) const
{
    uint32_t s = checksum::add_u16(m_addr_sum, uint16_t(protocol));
    s = checksum::add_u16(s, uint16_t(upper_len >> 16));
    return checksum::add_u16(s, uint16_t(upper_len & 0xffff));
}

void fill_upper_checksum(MutByteSpan message, size_t field_offset, const PseudoHeader& ph,
                         IpProtocol protocol, bool zero_as_ffff)
{
    WIRELAB_ASSERT(field_offset + 2 <= message.size() && "checksum field outside the message");
    store_be16(&message[field_offset], 0);
    uint32_t s = ph.sum(protocol, uint32_t(message.size()));
    uint16_t c = checksum::finish(checksum::accumulate(message, s));
    if (c == 0 && zero_as_ffff) c = 0xffff;
    store_be16(&message[field_offset], c);
}

bool verify_upper_checksum(ByteSpan message, const PseudoHeader& ph, IpProtocol protocol)
{
    return checksum::is_valid(message, ph.sum(protocol, uint32_t(message.size())));
}

} // namespace wirelab::wire
