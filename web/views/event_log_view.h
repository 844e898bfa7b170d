// The event log: every drop and notable event of the running network, with its reason in words
// ("no route to 10.9.0.0/16", "TTL exceeded at r2", "lost on link r1–r2 (loss 5%)").
#pragma once

#include "web/model/session.h"
#include "web/views/theme.h"

namespace wirelab::web {

class EventLogView {
public:
    void draw(const Session& session, const Fonts& fonts, Theme theme);

private:
    bool m_drops_only = false;
    bool m_follow = true;
};

} // namespace wirelab::web
