// Flights and bursts for the canvas.
#include "web/model/animation.h"

#include <algorithm>

namespace wirelab::web {

void Animation::reset(size_t devices)
{
    m_clock = 0.0;
    m_flights.clear();
    m_bursts.clear();
    m_ready.assign(devices, 0.0);
    m_not_drawn = 0;
}

void Animation::tick(double dt)
{
    m_clock += dt;
    const double now = m_clock;
    std::erase_if(m_flights, [now](const Flight& f) {
        return now >= f.start + (f.lost ? 0.5 * f.duration : f.duration);
    });
    std::erase_if(m_bursts, [now](const Burst& b) { return now >= b.start + kBurstLife; });
}

void Animation::on_sent(uint32_t link, uint8_t from_side, uint32_t from, uint32_t to,
                        uint32_t serial, PacketKind kind, SimTime sim_duration, double speed)
{
    if (m_flights.size() >= kMaxFlights) {
        ++m_not_drawn;
        return;
    }
    Flight f;
    f.link = link;
    f.from_side = from_side;
    f.kind = kind;
    f.serial = serial;
    const double real = speed > 0.0 ? sim_duration.seconds() / speed : 0.0;
    f.duration = std::max(kMinVisible, real);
    const double ready = from < m_ready.size() ? m_ready[from] : 0.0;
    f.start = std::clamp(ready, m_clock, m_clock + kMaxLag);
    if (to < m_ready.size()) m_ready[to] = std::max(m_ready[to], f.start + f.duration);
    m_flights.push_back(f);
}

void Animation::on_lost(uint32_t link, uint32_t serial, SimTime at, net::DropReason reason,
                        std::string text)
{
    // The lost frame is the one just sent on that link: search from the newest.
    for (size_t i = m_flights.size(); i-- > 0;) {
        Flight& f = m_flights[i];
        if (f.link != link || f.serial != serial) continue;
        f.lost = true;
        if (m_bursts.size() >= kMaxBursts) return;
        Burst b;
        b.on_link = true;
        b.link = link;
        b.along = 0.5f;
        b.start = f.start + 0.5 * f.duration;
        b.at = at;
        b.reason = reason;
        b.text = std::move(text);
        m_bursts.push_back(std::move(b));
        return;
    }
}

void Animation::on_dropped_at(uint32_t device, SimTime at, net::DropReason reason, std::string text)
{
    if (m_bursts.size() >= kMaxBursts) return;
    Burst b;
    b.device = device;
    const double ready = device < m_ready.size() ? m_ready[device] : 0.0;
    b.start = std::clamp(ready, m_clock, m_clock + kMaxLag);
    b.at = at;
    b.reason = reason;
    b.text = std::move(text);
    m_bursts.push_back(std::move(b));
}

} // namespace wirelab::web
