// The network canvas: devices and cables of the document, packets in motion from the running
// network, and the mouse gestures that edit them (all edits are queued as Commands).
//
// Mouse: drag empty space (or with the middle/right button) to pan, wheel to zoom about the
// pointer; click a device or cable to select it, Ctrl+click to add to the selection, Shift+drag
// for a selection box; drag a device to move the selection (snapped to the grid); drag from a
// device's "+" handle (or with the Cable tool, from anywhere on it) to another device to connect
// them; double-click a host to open its terminal; right-click for a menu.
#pragma once

#include "sim/lab.h"

#include "web/gfx/canvas_renderer.h"
#include "web/model/document.h"
#include "web/model/selection.h"
#include "web/model/session.h"
#include "web/views/theme.h"
#include "web/views/ui_state.h"

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

namespace wirelab::web {

// What the canvas works with in one frame.
struct CanvasContext {
    Document& doc;
    Selection& selection;
    const Session& session;
    UiState& ui;
    CanvasRenderer& renderer;
    const std::string& renderer_problem;
    const CanvasColors& colors;
    const Fonts& fonts;
    float ui_scale;
    // Copy/paste lives in the app (shortcuts and menus share it).
    bool can_paste;
    // What the open lab locks (nullptr: no lab): new cables and devices are refused with a
    // notice, a locked device says so when hovered.
    const sim::LabLocks* locks = nullptr;
};

// What the canvas asks the app to do after the frame (menu actions that need the app).
enum class CanvasAction { None, Copy, Paste, Delete };

class CanvasView {
public:
    static constexpr float kMinZoom = 0.05f;
    static constexpr float kMaxZoom = 8.0f;
    static constexpr float kDeviceRadius = 22.0f; // world units

    // Fills the current ImGui content region.
    CanvasAction draw(CanvasContext& ctx);
    void reset_view();
    // Centres and zooms so every device is visible.
    void fit(const sim::Scenario& s);

    float zoom() const { return m_zoom; }
    ImVec2 center() const { return m_center; }
    ImVec2 rect_min() const { return m_min; }
    ImVec2 rect_max() const { return m_max; }
    const std::string& notice() const { return m_notice; }
    // The context menu's "Open web browser" item while the menu is shown (for the test hook).
    std::pair<ImVec2, ImVec2> browser_item_rect() const { return m_browser_item; }
    // The world point shown at the middle of the visible canvas (for pasting there).
    ImVec2 view_center() const { return m_center; }

    // Last frame's transform (ImGui display units).
    ImVec2 to_screen(ImVec2 world) const;
    ImVec2 to_world(ImVec2 screen) const;
    // Where device i is drawn (its position, or a place on an automatic grid when it has none).
    static ImVec2 device_world(const sim::Scenario& s, size_t i);
    static ImVec2 handle_world(ImVec2 device);

    int hovered_device() const { return m_hover_device; }
    // Packets drawn last frame (in view and already under way).
    size_t packets_drawn() const { return m_packets_drawn; }

private:
    enum class Gesture { None, Pan, Move, Box, Connect };

    struct Hit {
        int device = -1;
        int link = -1;
        bool handle = false; // on the device's connect handle
    };

    void begin_frame_rect();
    void handle_mouse(CanvasContext& ctx);
    void lock_tooltip(const CanvasContext& ctx, const Hit& hit) const;
    void on_press(CanvasContext& ctx, int button, const Hit& hit);
    void on_release(CanvasContext& ctx, int button);
    void accept_drop(CanvasContext& ctx);
    void zoom_with_wheel();
    Hit hit_test(const sim::Scenario& s, ImVec2 screen, const Selection& sel) const;
    CanvasAction context_menu(CanvasContext& ctx);
    void tooltips(const CanvasContext& ctx);

    // Drawing (canvas_draw.cpp).
    void add_grid(CanvasRenderer& r, const CanvasColors& colors, float ui_scale) const;
    void add_links(CanvasContext& ctx) const;
    void add_devices(CanvasContext& ctx) const;
    void add_packets(CanvasContext& ctx) const;
    void draw_labels(CanvasContext& ctx, ImDrawList* list) const;
    void draw_overlays(CanvasContext& ctx, ImDrawList* list) const;
    void draw_hint(ImDrawList* list, const CanvasColors& colors, float ui_scale) const;
    // Where device i is drawn this frame (with the move preview applied).
    ImVec2 drawn_position(const CanvasContext&, size_t i) const { return m_pos[i]; }
    // Device indices at both ends of every link, recomputed when the document changes (a name
    // lookup per link end per frame would cost milliseconds with a thousand devices).
    void update_link_ends(const Document& doc);
    void update_positions(const CanvasContext& ctx);

    ImVec2 m_center{0.0f, 0.0f}; // world point shown at the middle of the canvas
    float m_zoom = 1.0f;         // 1 = one world unit per UI pixel
    float m_px_per_unit = 1.0f;  // zoom x UI scale, last frame
    ImVec2 m_origin;             // display position of world (0, 0), last frame
    ImVec2 m_min, m_max;         // last frame's canvas rectangle, ImGui display units
    std::string m_notice;        // one-line message after an action that did not work

    Gesture m_gesture = Gesture::None;
    int m_gesture_button = -1;
    ImVec2 m_press_screen;      // where the button went down
    ImVec2 m_drag_start_center; // m_center when a pan started
    bool m_dragged = false;     // moved past the drag threshold since the press
    int m_press_device = -1;
    int m_press_link = -1;
    ImVec2 m_move_delta; // world units, snapped, while moving devices
    int m_hover_device = -1;
    int m_hover_link = -1;
    int m_menu_device = -1; // what the context menu is about
    int m_menu_link = -1;
    std::pair<ImVec2, ImVec2> m_browser_item;
    ImVec2 m_menu_world;
    std::vector<std::pair<int, int>> m_link_ends; // -1 when a name is not found
    uint64_t m_link_ends_revision = 0;
    std::vector<ImVec2> m_pos; // drawn positions this frame, by device index
    mutable size_t m_packets_drawn = 0;
};

} // namespace wirelab::web
