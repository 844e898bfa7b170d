// RDP's connection initiation ([MS-RDPBCGR] 1.3.1.1, step 1): TPKT (RFC 1006 §6), X.224 TPDUs
// (ISO 8073 / X.224 class 0: CR, CC, DR) and the RDP negotiation structures.
#include "core/services/rdp/rdp_server.h"

namespace wirelab::app {

namespace rdp {

namespace {

constexpr uint8_t kTpktVersion = 3;
constexpr uint8_t kCr = 0xE0, kCc = 0xD0, kDr = 0x80;
constexpr uint8_t kNegReq = 1, kNegRsp = 2, kNegFailure = 3;

// TPKT: version 3, reserved 0, 16-bit length of the whole packet (RFC 1006 §6).
Bytes tpkt(const Bytes& tpdu)
{
    Bytes out = {kTpktVersion, 0, 0, 0};
    store_be16(out.data() + 2, uint16_t(tpdu.size() + 4));
    out.insert(out.end(), tpdu.begin(), tpdu.end());
    return out;
}

void put_le16(Bytes& b, uint16_t v)
{
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}

void put_le32(Bytes& b, uint32_t v)
{
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

uint32_t le32(ByteSpan b)
{
    return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
}

// The TPDU inside one TPKT, checked: version 3 and a length that fits.
std::optional<ByteSpan> tpdu_of(ByteSpan b)
{
    if (b.size() < 7 || b[0] != kTpktVersion) return std::nullopt;
    size_t len = load_be16(b.data() + 2);
    if (len < 7 || len > b.size()) return std::nullopt;
    ByteSpan tpdu = b.subspan(4, len - 4);
    if (size_t(tpdu[0]) + 1 > tpdu.size()) return std::nullopt; // LI counts the bytes after itself
    return tpdu.first(size_t(tpdu[0]) + 1);
}

} // namespace

std::optional<ConnectionRequest> parse_connection_request(ByteSpan bytes)
{
    auto tpdu = tpdu_of(bytes);
    // LI, code CR (high nibble; low nibble CDT = 0), DST-REF (0), SRC-REF, class option.
    if (!tpdu || tpdu->size() < 7 || ((*tpdu)[1] & 0xF0) != kCr) return std::nullopt;
    ConnectionRequest r;
    r.src_ref = load_be16(tpdu->data() + 4);
    ByteSpan rest = tpdu->subspan(7);
    std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
    if (size_t crlf = text.find("\r\n");
        text.rfind("Cookie:", 0) == 0 && crlf != std::string_view::npos) {
        r.cookie = std::string(text.substr(0, crlf));
        rest = rest.subspan(crlf + 2);
    }
    if (rest.size() >= 8 && rest[0] == kNegReq) r.requested_protocols = le32(rest.subspan(4, 4));
    return r;
}

Bytes connection_request(std::string_view cookie, uint32_t requested_protocols)
{
    Bytes t = {0, kCr, 0, 0, 0x00, 0x01, 0}; // LI (set below), CR, DST-REF 0, SRC-REF 1, class 0
    if (!cookie.empty()) {
        t.insert(t.end(), cookie.begin(), cookie.end());
        t.push_back('\r');
        t.push_back('\n');
    }
    t.push_back(kNegReq);
    t.push_back(0); // flags
    put_le16(t, 8);
    put_le32(t, requested_protocols);
    t[0] = uint8_t(t.size() - 1);
    return tpkt(t);
}

Bytes connection_confirm(uint16_t dst_ref, uint16_t src_ref, bool negotiated, uint32_t protocol)
{
    Bytes t = {
        0, kCc, uint8_t(dst_ref >> 8), uint8_t(dst_ref), uint8_t(src_ref >> 8), uint8_t(src_ref),
        0};
    if (negotiated) {
        t.push_back(kNegRsp);
        t.push_back(0); // flags
        put_le16(t, 8);
        put_le32(t, protocol);
    }
    t[0] = uint8_t(t.size() - 1);
    return tpkt(t);
}

Bytes disconnect_request(uint16_t dst_ref, uint16_t src_ref)
{
    // LI 6, DR, DST-REF, SRC-REF, reason 0 ("reason not specified").
    return tpkt({6, kDr, uint8_t(dst_ref >> 8), uint8_t(dst_ref), uint8_t(src_ref >> 8),
                 uint8_t(src_ref), 0});
}

std::optional<uint32_t> parse_connection_confirm(ByteSpan bytes, bool& failure)
{
    failure = false;
    auto tpdu = tpdu_of(bytes);
    if (!tpdu || tpdu->size() < 7 || ((*tpdu)[1] & 0xF0) != kCc) return std::nullopt;
    ByteSpan neg = tpdu->subspan(7);
    if (neg.size() < 8) return 0; // no negotiation: standard RDP security
    failure = neg[0] == kNegFailure;
    return le32(neg.subspan(4, 4));
}

} // namespace rdp

namespace {

class RdpSession final : public StreamServer::Session {
public:
    void on_data(std::string_view bytes) override
    {
        m_buf.insert(m_buf.end(), bytes.begin(), bytes.end());
        if (m_confirmed) {
            // MCS Connect Initial would come next: the desktop session is not simulated.
            Bytes dr = rdp::disconnect_request(m_client_ref, kServerRef);
            send(std::string_view(reinterpret_cast<const char*>(dr.data()), dr.size()));
            return close();
        }
        auto cr = rdp::parse_connection_request(m_buf);
        if (!cr) {
            if (m_buf.size() >= 4 && (m_buf[0] != 3 || m_buf.size() > 4096)) close(); // not RDP
            return;
        }
        m_confirmed = true;
        m_client_ref = cr->src_ref;
        m_buf.clear();
        // Standard RDP security (PROTOCOL_RDP = 0): the one that needs no TLS.
        Bytes cc = rdp::connection_confirm(m_client_ref, kServerRef,
                                           cr->requested_protocols.has_value(), 0);
        send(std::string_view(reinterpret_cast<const char*>(cc.data()), cc.size()));
    }

private:
    static constexpr uint16_t kServerRef = 0x1234;
    Bytes m_buf;
    bool m_confirmed = false;
    uint16_t m_client_ref = 0;
};

} // namespace

RdpServer::RdpServer(net::IpNode& node, uint16_t port) : StreamServer(node, port, "xrdp") {}

std::unique_ptr<StreamServer::Session> RdpServer::make_session()
{
    return std::make_unique<RdpSession>();
}

} // namespace wirelab::app
