// The TCP bulk-transfer benchmark (`wirelab bench tcp-bulk` / `lossy-tcp`), shared by the CLI
// and the tests: two hosts on one point-to-point link, a bulk sender pushing a byte pattern to a
// sink that checks every byte. The application side is kept cheap (memcpy from and memcmp
// against a precomputed pattern) so the measured time is the stack's.
#pragma once

#include "core/base/sim_time.h"

#include <cstdint>

namespace wirelab::sim {

struct TcpBulkParams {
    uint64_t bytes = 100'000'000;
    double loss = 0.0; // independent loss of frames towards the receiver (ACKs never lost)
    uint64_t bandwidth_bps = 100'000'000;
    SimTime delay = SimTime::from_ms(1);
    uint16_t mss = 1448;
    uint64_t seed = 1;
    SimTime limit = SimTime::from_s(3600); // simulated time after which the run gives up
};

struct TcpBulkResult {
    uint64_t requested = 0, delivered = 0;
    bool intact = true;     // every delivered byte matched the pattern at its position
    bool completed = false; // the sink received every requested byte
    SimTime transfer;       // simulated time from the sender's start to the last byte
    uint64_t events = 0;    // scheduler events during the transfer
    uint64_t retransmitted_segments = 0, timeouts = 0, fast_retransmits = 0;
    uint64_t segments_sent = 0;
};

// Builds the network, starts the sender at t = 1.0 s and runs until the sink has every byte
// (or p.limit of simulated time passed).
TcpBulkResult run_tcp_bulk(const TcpBulkParams& p);

} // namespace wirelab::sim
