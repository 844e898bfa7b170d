// ARP packet parse/emit (Ethernet + IPv4).
#include "core/wire/arp.h"

#include "core/base/assert.h"

#include <algorithm>

namespace wirelab::wire::arp {

namespace {

Result<Ok, WireFault> check_types(ByteSpan p)
{
    uint16_t htype = load_be16(&p[kHardwareType]);
    if (htype != kHardwareEthernet)
        return fault(WireError::Unsupported, "arp: hardware type %u, only 1 (Ethernet) supported",
                     htype);
    uint16_t ptype = load_be16(&p[kProtocolType]);
    if (ptype != kProtocolIpv4)
        return fault(WireError::Unsupported,
                     "arp: protocol type 0x%04x, only 0x0800 (IPv4) supported", ptype);
    if (p[kHardwareLen] != 6)
        return fault(WireError::Malformed, "arp: hardware address length %u, Ethernet needs %u",
                     p[kHardwareLen], 6);
    if (p[kProtocolLen] != 4)
        return fault(WireError::Malformed, "arp: protocol address length %u, IPv4 needs %u",
                     p[kProtocolLen], 4);
    return Ok{};
}

} // namespace

Result<Repr, WireFault> parse(ByteSpan p)
{
    if (p.size() < kPacketLen)
        return fault(WireError::Truncated, "arp: packet of %u bytes, needs %u", uint32_t(p.size()),
                     uint32_t(kPacketLen));
    auto types = check_types(p);
    if (!types) return fail(types.error());
    uint16_t op = load_be16(&p[kOperation]);
    if (op != uint16_t(Operation::Request) && op != uint16_t(Operation::Reply))
        return fault(WireError::Unsupported, "arp: operation %u, only 1 (request) and 2 (reply)",
                     op);
    Repr r;
    r.operation = Operation(op);
    std::copy_n(&p[kSenderMac], 6, r.sender_mac.bytes.begin());
    std::copy_n(&p[kSenderIp], 4, r.sender_ip.bytes.begin());
    std::copy_n(&p[kTargetMac], 6, r.target_mac.bytes.begin());
    std::copy_n(&p[kTargetIp], 4, r.target_ip.bytes.begin());
    return r;
}

void emit(const Repr& r, MutByteSpan out)
{
    WIRELAB_ASSERT(out.size() == buffer_len(r) && "arp::emit: out must be 28 bytes");
    store_be16(&out[kHardwareType], kHardwareEthernet);
    store_be16(&out[kProtocolType], kProtocolIpv4);
    out[kHardwareLen] = 6;
    out[kProtocolLen] = 4;
    store_be16(&out[kOperation], uint16_t(r.operation));
    std::copy(r.sender_mac.bytes.begin(), r.sender_mac.bytes.end(), &out[kSenderMac]);
    std::copy(r.sender_ip.bytes.begin(), r.sender_ip.bytes.end(), &out[kSenderIp]);
    std::copy(r.target_mac.bytes.begin(), r.target_mac.bytes.end(), &out[kTargetMac]);
    std::copy(r.target_ip.bytes.begin(), r.target_ip.bytes.end(), &out[kTargetIp]);
}

} // namespace wirelab::wire::arp
