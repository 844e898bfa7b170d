// RdpServer: a Remote Desktop Protocol listener on TCP 3389 that does the first step of RDP for
// real and honestly stops there. A client's X.224 Connection Request (ISO 8073 class 0 in a TPKT,
// RFC 1006) with its RDP Negotiation Request ([MS-RDPBCGR] 2.2.1.1) is answered with an X.224
// Connection Confirm whose RDP Negotiation Response selects standard RDP security; whatever comes
// next (MCS Connect Initial and the desktop itself) is not simulated: the server sends an X.224
// Disconnect Request and closes. Students see a port that accepts and answers like RDP.
#pragma once

#include "core/base/bytes.h"
#include "core/services/tcp_stream.h"

#include <optional>

namespace wirelab::app {

namespace rdp {

constexpr uint16_t kPort = 3389;

// What a client's Connection Request carried.
struct ConnectionRequest {
    uint16_t src_ref = 0;
    std::string cookie;                          // "Cookie: mstshash=alice" without CR LF, or ""
    std::optional<uint32_t> requested_protocols; // RDP_NEG_REQ present
};

// Parses one TPKT + X.224 Connection Request; nullopt if it is not one (or incomplete).
std::optional<ConnectionRequest> parse_connection_request(ByteSpan bytes);
// A TPKT + X.224 Connection Request with an optional cookie and RDP_NEG_REQ (as a client sends).
Bytes connection_request(std::string_view cookie, uint32_t requested_protocols);
// TPKT + X.224 Connection Confirm; with `negotiated`, an RDP_NEG_RSP selecting `protocol`.
Bytes connection_confirm(uint16_t dst_ref, uint16_t src_ref, bool negotiated, uint32_t protocol);
// TPKT + X.224 Disconnect Request.
Bytes disconnect_request(uint16_t dst_ref, uint16_t src_ref);
// The selected protocol of a Connection Confirm (0 = standard RDP security), nullopt if the
// bytes are not a confirm; `failure` is set for an RDP_NEG_FAILURE.
std::optional<uint32_t> parse_connection_confirm(ByteSpan bytes, bool& failure);

} // namespace rdp

class RdpServer final : public StreamServer {
public:
    RdpServer(net::IpNode& node, uint16_t port);

protected:
    std::unique_ptr<Session> make_session() override;
};

} // namespace wirelab::app
