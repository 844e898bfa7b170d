#include "core/host/dns_query.h"

#include "core/host/dns_stub.h"
#include "core/transport/socket_table.h"

namespace wirelab::app {

using transport::Endpoint;
using transport::SocketError;
using transport::SocketTable;

const char* to_string(DnsQueryError e)
{
    switch (e) {
    case DnsQueryError::TimedOut: return "timed out";
    case DnsQueryError::Unreachable: return "network unreachable";
    case DnsQueryError::Refused: return "connection refused";
    }
    return "?";
}

DnsQuery::DnsQuery(net::IpNode& node, wire::dns::Question question,
                   std::vector<wire::IpAddr> servers, DnsQueryOptions options, Callback done)
    : m_node(node), m_question(std::move(question)), m_servers(std::move(servers)), m_opt(options),
      m_done(std::move(done))
{
    WIRELAB_ASSERT(!m_servers.empty() && "a DNS query needs at least one server");
    if (m_opt.tries == 0) m_opt.tries = 1;
}

DnsQuery::~DnsQuery()
{
    m_finished = true;
    close_socket();
    m_node.network().scheduler().cancel(m_timer);
}

void DnsQuery::start()
{
    // RFC 5452 §9.2: an unpredictable ID (and, below, a fresh ephemeral port per attempt).
    m_id = DnsStub::of(m_node).draw_query_id();
    wire::dns::Repr q;
    q.id = m_id;
    q.recursion_desired = m_opt.recursion_desired;
    q.questions.push_back(m_question);
    m_message.assign(wire::dns::buffer_len(q), 0);
    wire::dns::emit(q, MutByteSpan(m_message));
    send_attempt();
}

void DnsQuery::close_socket()
{
    if (!m_socket.is_valid()) return;
    SocketTable::of(m_node).close(m_socket);
    m_socket = SocketId();
}

void DnsQuery::send_attempt()
{
    if (m_attempt >= m_servers.size() * m_opt.tries) {
        if (m_last_failure) {
            DnsAnswer a = std::move(*m_last_failure);
            finish(std::move(a));
            return;
        }
        DnsQueryError why = m_any_timeout   ? DnsQueryError::TimedOut
                            : m_any_refused ? DnsQueryError::Refused
                                            : DnsQueryError::Unreachable;
        finish(fail(why));
        return;
    }
    const wire::IpAddr& server = m_servers[m_attempt % m_servers.size()];
    close_socket();
    SocketTable& table = SocketTable::of(m_node);
    m_socket = table.udp_open();
    transport::UdpSocket* s = table.udp(m_socket);
    s->set_owner("resolver");
    s->set_callback([this](transport::SocketEvents) { on_readable(); });
    // A connected socket hears ICMP port unreachable (ECONNREFUSED), as glibc's does.
    auto connected = s->connect(Endpoint{server, m_opt.port});
    if (connected) {
        auto sent = s->send(m_message);
        if (sent) {
            m_sent_at = m_node.network().now();
            // `this`: m_timer is the query's only event, cancelled in ~DnsQuery.
            m_timer =
                m_node.network().scheduler().schedule_in(m_opt.timeout, [this] { on_timeout(); });
            return;
        }
    }
    attempt_failed(DnsQueryError::Unreachable);
}

void DnsQuery::attempt_failed(DnsQueryError why)
{
    if (why == DnsQueryError::TimedOut) m_any_timeout = true;
    if (why == DnsQueryError::Refused) m_any_refused = true;
    m_node.network().scheduler().cancel(m_timer);
    wire::IpAddr server = m_servers[m_attempt % m_servers.size()];
    ++m_attempt;
    if (m_on_failed) m_on_failed(server, why);
    if (why == DnsQueryError::Unreachable) {
        // A local failure: try the next server in a new event rather than recursing (m_timer
        // again: cancelled in ~DnsQuery).
        m_timer =
            m_node.network().scheduler().schedule_in(SimTime::zero(), [this] { send_attempt(); });
        return;
    }
    send_attempt();
}

void DnsQuery::on_timeout()
{
    if (m_finished) return;
    attempt_failed(DnsQueryError::TimedOut);
}

void DnsQuery::on_readable()
{
    if (m_finished || !m_socket.is_valid()) return;
    transport::UdpSocket* s = SocketTable::of(m_node).udp(m_socket);
    if (!s) return;
    while (true) {
        auto d = s->recv();
        if (!d) {
            if (d.error() == SocketError::ConnectionRefused) {
                attempt_failed(DnsQueryError::Refused);
                return;
            }
            return; // WouldBlock
        }
        auto parsed = wire::dns::parse(d->data);
        // Not our answer (wrong id or question, or not a response): ignore it, as resolvers do
        // to resist spoofing (RFC 5452 §9.1).
        if (!parsed || !parsed->response || parsed->id != m_id || parsed->questions.size() != 1 ||
            !(parsed->questions[0] == m_question))
            continue;
        DnsAnswer a{std::move(*parsed), d->from.addr, m_node.network().now() - m_sent_at,
                    d->data.size()};
        wire::dns::Rcode rc = a.response.rcode;
        bool server_failed = rc == wire::dns::Rcode::ServFail || rc == wire::dns::Rcode::NotImp ||
                             rc == wire::dns::Rcode::Refused;
        if (m_opt.next_server_on_failure && server_failed) {
            m_last_failure = std::move(a);
            m_node.network().scheduler().cancel(m_timer);
            ++m_attempt;
            send_attempt();
            return;
        }
        finish(std::move(a));
        return;
    }
}

void DnsQuery::finish(Result<DnsAnswer, DnsQueryError> r)
{
    if (m_finished) return;
    m_finished = true;
    m_node.network().scheduler().cancel(m_timer);
    close_socket();
    Callback cb = std::move(m_done);
    cb(std::move(r)); // may destroy this object: touch nothing after
}

} // namespace wirelab::app
