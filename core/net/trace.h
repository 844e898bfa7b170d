// Trace: what happened in the network, as events with a reason (ns-3's m_dropTrace). A drop is an
// observable outcome, not an error. Every event also feeds the run's fingerprint, so two runs of
// the same scenario and seed can be compared with one number (OMNeT++ fingerprints).
#pragma once

#include "core/base/hash.h"
#include "core/base/ids.h"
#include "core/base/inplace_fn.h"
#include "core/base/sim_time.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>

namespace wirelab::net {

enum class TraceKind : uint8_t {
    FrameSent,      // a frame started onto a link
    FrameDelivered, // a frame arrived at the far end of a link
    FrameDropped,   // lost, corrupted, queue overflow, link down, ... (see DropReason)
    PacketDropped,  // dropped inside a node: no route, TTL exceeded, ... (see DropReason)
    Info,           // a notable event worth showing ("ARP resolved", "loop detected")
};

enum class DropReason : uint8_t {
    None,
    LinkLoss,        // random loss on the link (loss probability or burst state)
    LinkDown,        // the link or the far interface is down
    QueueFull,       // drop-tail queue overflow at the sender
    Corrupted,       // a bit was flipped on the wire; caught by a checksum at the receiver
    BadChecksum,     // a header checksum did not verify
    Malformed,       // the receiver could not parse the frame
    NotForUs,        // unicast frame/packet for another address
    NoRoute,         // no route to the destination
    TtlExceeded,     // TTL / hop limit reached zero
    ArpFailed,       // no ARP reply / neighbour advertisement after retries
    MtuExceeded,     // larger than the MTU with DF set
    PortUnreachable, // nothing listens on the UDP port
    FirewallDenied,  // dropped by a firewall rule
    Unsupported,     // a protocol or option this node does not implement
    SwitchLoop,      // frame exceeded the switching hop budget: a loop without STP
    InterfaceDown,   // the outgoing interface is administratively down
};

const char* to_string(DropReason r);
const char* to_string(TraceKind k);

struct TraceEvent {
    SimTime at;
    TraceKind kind = TraceKind::Info;
    DropReason reason = DropReason::None;
    NodeId node;        // where it happened (for link events: the sending node)
    LinkId link;        // the link involved, if any
    uint32_t frame = 0; // frame serial number (1-based) for frame events, 0 otherwise
    std::string text;   // human explanation: "no route to 10.9.0.0/16", "TTL exceeded at r2"
};

// Receives trace events; the sim/ CLI prints them, the browser shows them in the event log.
using TraceSink = std::function<void(const TraceEvent&)>;

class Fingerprint {
public:
    void add(uint64_t v) { m_h = fnv1a64_u64(v, m_h); }
    // Eight bytes per step (it runs on every frame): little-endian words, multiply-xorshift.
    void add_bytes(const uint8_t* p, size_t n)
    {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            // memcpy is one load; both our targets (x86-64, wasm32) are little-endian, so the
            // value is the same natively and in WebAssembly.
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            mix(w);
        }
        uint64_t tail = n;
        for (; i < n; ++i) tail = (tail << 8) | p[i];
        mix(tail);
    }
    uint64_t value() const { return m_h; }
    void mix(uint64_t w)
    {
        m_h = (m_h ^ w) * 0x9e3779b97f4a7c15ULL;
        m_h ^= m_h >> 29;
    }
    std::string to_hex() const;

private:
    uint64_t m_h = kFnv1a64Offset;
};

} // namespace wirelab::net
