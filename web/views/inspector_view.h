// The inspector: the selected device's name, interfaces (IPv4/IPv6 CIDR addresses, MTU, SLAAC),
// gateways and routes; or the selected cable's settings (bandwidth, delay, queue, loss, burst
// loss, duplication, reordering, corruption, MTU, up/down); or the network itself. A host's or
// router's services (web, DNS, DHCP, mail, files...) are edited in inspector_services.cpp.
//
// Text fields are validated as you type, with the scenario loader's own messages (the same
// parsers produce them), and applied on Enter or when the field loses focus, as one Command
// each. Invalid text is never applied: the field keeps it, in red, until it is fixed.
#pragma once

#include "sim/lab.h"
#include "web/model/document.h"
#include "web/model/selection.h"
#include "web/model/session.h"
#include "web/views/theme.h"
#include "web/views/ui_state.h"

#include <imgui.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace wirelab::web {

class InspectorView {
public:
    void draw(Document& doc, Selection& sel, const Session& session, UiState& ui,
              const Fonts& fonts, float ui_scale);
    // What the open lab locks (nullptr: no lab). Locked fields are drawn greyed out and refuse
    // edits, with a tooltip saying the lab locks them (sim::LabLocks::is_locked decides).
    void set_locks(const sim::LabLocks* locks) { m_locks = locks; }
    // "pc1.name", "pc1.interfaces", "link": what was drawn locked in the last frame (test hook).
    const std::vector<std::string>& locked_keys() const { return m_locked_keys; }

    // Field rectangles by key ("name", "eth0.ipv4", "gateway", "link.loss"...) for the test
    // hook, and the current validation error of each field (empty when fine).
    struct Rect {
        ImVec2 min, max;
    };
    const std::map<std::string, Rect>& rects() const { return m_rects; }
    std::string field_error(const std::string& key) const;

    // Parses a list of CIDR prefixes ("10.0.0.1/24, 10.0.1.1/24"); error: the loader's message.
    using Check = std::function<std::string(const std::string& text)>;

private:
    struct Draft {
        std::string text;
        std::string error;
        bool active = false;  // the user is typing in it
        bool invalid = false; // left with text that does not parse: keep it shown
    };

    // A validated text field. Returns true when the user committed text that `check` accepts
    // (then in `out`).
    bool text_field(const char* label, const char* hint, const std::string& key,
                    const std::string& value, const Check& check, std::string& out,
                    float width = -FLT_MIN);
    void device_panel(Document& doc, const sim::Scenario& s, size_t index, UiState& ui);
    void interface_panel(Document& doc, const sim::DeviceSpec& d, size_t iface);
    void gateway_panel(Document& doc, const sim::DeviceSpec& d);
    void routes_panel(Document& doc, const sim::DeviceSpec& d);
    // inspector_services.cpp
    void services_panel(Document& doc, const sim::Scenario& s, size_t index);
    void service_entry(Document& doc, const sim::Scenario& s, size_t index, const std::string& kind,
                       const sim::RawJson& value);
    void service_port(Document& doc, const sim::DeviceSpec& d, const std::string& kind,
                      const sim::RawJson& value);
    void service_json(Document& doc, const sim::Scenario& s, size_t index, const std::string& kind,
                      const sim::RawJson& value);
    void add_service(Document& doc, const sim::DeviceSpec& d);
    static std::string check_service(const sim::Scenario& s, size_t index, const std::string& kind,
                                     const std::string& text);
    void link_panel(Document& doc, const sim::Scenario& s, size_t index);
    void link_numbers(Document& doc, const sim::LinkSpec& l, size_t index);
    void link_mtu(Document& doc, const sim::Scenario& s, const sim::LinkSpec& l);
    void network_panel(Document& doc, const sim::Scenario& s, const Session& session);
    void problems_for(const std::string& path_prefix, const std::string& also);
    void refresh_problems(const Document& doc);
    // Greys out what is drawn until lock_end() when the lab locks `field` of `device` ("" device:
    // the cabling, or field "seed": the network's seed, always the lab's). Returns whether it
    // did; pass that to lock_end().
    bool lock_begin(const std::string& device, std::string_view field);
    void lock_end(bool locked, const std::string& device, std::string_view field);

    const sim::LabLocks* m_locks = nullptr;
    std::vector<std::string> m_locked_keys;
    std::map<std::string, Draft> m_drafts;
    std::map<std::string, Rect> m_rects;
    std::string m_subject;    // what the drafts belong to; they are dropped when it changes
    std::string m_focus_key;  // a field to give the keyboard to when it is drawn
    int m_link_direction = 0; // 0: both directions, 1: a→b, 2: b→a
    std::vector<sim::Diagnostic> m_problems;
    uint64_t m_problems_revision = 0;
    const Fonts* m_fonts = nullptr;
    Theme m_theme = Theme::Dark;
    float m_scale = 1.0f;
    // Settings of services turned off in this session, by "device/kind", restored when on again.
    std::map<std::string, sim::RawJson> m_service_stash;
    // A new route being typed.
    std::string m_new_route_to, m_new_route_via;
};

} // namespace wirelab::web
