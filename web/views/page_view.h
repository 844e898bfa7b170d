// The "Web browser" window: a text-mode browser on one host. An address bar (Enter loads),
// Back and Reload, a status line (status code, bytes, simulated time) and the page rendered as
// text (web/model/html_text.h) with clickable numbered links. Loads are the host's own HTTP
// requests through the simulation (web/model/page_loader.h), so they show in the packet list and on
// the canvas. Opened from a host's context menu on the canvas (UiState::open_browser).
#pragma once

#include "web/model/session.h"
#include "web/views/theme.h"
#include "web/views/ui_state.h"

#include <imgui.h>

#include <array>
#include <string>

namespace wirelab::web {

class PageView {
public:
    void draw(Session& session, UiState& ui, const Fonts& fonts, Theme theme, float ui_scale);

    // [SECTION] Read-only state for the test hook
    bool is_open() const { return m_open; }
    const std::string& host() const { return m_host; }
    std::string address() const { return m_address.data(); }
    // What the window shows: the loader's state as of the last frame.
    const std::string& url() const { return m_shown_url; }
    int status() const { return m_shown_status; }
    size_t bytes() const { return m_shown_bytes; }
    double elapsed_ms() const { return m_shown_ms; }
    bool is_loading() const { return m_shown_loading; }
    const std::string& error() const { return m_shown_error; }
    const std::string& title() const { return m_shown_title; }
    const std::string& text() const { return m_shown_text; } // the rendered lines
    ImVec2 address_min() const { return m_address_min; }
    ImVec2 address_max() const { return m_address_max; }
    ImVec2 back_min() const { return m_back_min; }
    ImVec2 back_max() const { return m_back_max; }
    ImVec2 first_link_min() const { return m_link_min; }
    ImVec2 first_link_max() const { return m_link_max; }

private:
    void draw_toolbar(PageLoader& loader, const Fonts& fonts);
    void draw_status(const PageLoader& loader, Theme theme);
    void draw_page(PageLoader& loader, const Fonts& fonts, Theme theme);
    void remember(PageLoader& loader);

    bool m_open = false;
    std::string m_host;
    std::array<char, 512> m_address{};
    uint64_t m_seen_loads = 0;
    std::string m_shown_url, m_shown_error, m_shown_title, m_shown_text;
    int m_shown_status = 0;
    size_t m_shown_bytes = 0;
    double m_shown_ms = 0.0;
    bool m_shown_loading = false;
    size_t m_width = 76;
    ImVec2 m_address_min, m_address_max, m_back_min, m_back_max, m_link_min, m_link_max;
};

} // namespace wirelab::web
