// The packet list, as in Wireshark: No., Time, Source, Destination, Protocol, Length, Info for
// the frames of a capture scope (the whole network, one device, one interface) that pass the
// display filter; below it the selected frame's decode tree and a hex dump in which the selected
// field's bytes are highlighted. Rows are dissected (columns only) when first shown and cached.
#pragma once

#include "core/inspect/display_filter.h"
#include "web/model/capture.h"
#include "web/model/session.h"
#include "web/views/theme.h"

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

namespace wirelab::web {

struct PacketRow {
    uint64_t id = 0; // capture id
    uint64_t no = 0; // 1-based number within the scope (Wireshark's No.)
    // Filled when first needed.
    bool has_columns = false;
    std::string source, destination, protocol, info;
};

class PacketListView {
public:
    // Returns true when the user asked to download the displayed packets (pcap_bytes()).
    bool draw(const Session& session, const sim::Scenario& s, const Fonts& fonts, Theme theme,
              float ui_scale);

    Bytes pcap_bytes(const Session& session) const;
    std::string pcap_name(const sim::Scenario& s) const;

    // Test hook: the displayed rows (columns filled), the filter text and its error.
    const std::vector<PacketRow>& rows(const CaptureStore& store, size_t limit);
    const std::string& filter_text() const { return m_filter_text; }
    const std::string& filter_error() const { return m_filter_error; }
    const std::string& applied_filter() const { return m_applied_text; }
    ImVec2 filter_min() const { return m_filter_min; }
    ImVec2 filter_max() const { return m_filter_max; }
    ImVec2 download_min() const { return m_download_min; }
    ImVec2 download_max() const { return m_download_max; }
    // Rows drawn and visible last frame, with their rectangles (to click in tests).
    struct VisibleRow {
        uint64_t no;
        ImVec2 min, max;
    };
    const std::vector<VisibleRow>& visible_rows() const { return m_visible; }
    std::optional<uint64_t> selected() const { return m_selected; }
    // The decode tree of the selected frame, one line per field, indented by depth.
    std::vector<std::string> selected_tree(const CaptureStore& store) const;

private:
    void controls(const Session& session, const sim::Scenario& s, const Fonts& fonts, Theme theme,
                  float ui_scale, bool& download);
    void update_rows(const CaptureStore& store);
    void fill_columns(const CaptureStore& store, PacketRow& row) const;
    void table(const Session& session, const Fonts& fonts, float height);
    void details(const CaptureStore& store, const Fonts& fonts, Theme theme);
    void tree_node(const wire::Field& f, int depth, size_t& index);
    void hex_dump(const Bytes& bytes, const Fonts& fonts, Theme theme);

    CaptureScope m_scope;
    std::string m_scope_label = "Whole network";
    std::string m_filter_text;    // as typed
    std::string m_filter_error;   // parse error of the text as typed
    wire::DisplayFilter m_filter; // the applied filter
    std::string m_applied_text;
    std::vector<PacketRow> m_rows; // displayed
    uint64_t m_scanned = 0;        // capture ids below this have been looked at
    uint64_t m_in_scope = 0;       // frames of the scope seen so far (numbering)
    uint64_t m_generation = UINT64_MAX;
    bool m_autoscroll = true;
    std::optional<uint64_t> m_selected;
    // The selected frame's dissection and field.
    std::optional<uint64_t> m_decoded_id;
    wire::Dissection m_decoded;
    uint32_t m_field_offset = 0, m_field_length = 0;
    size_t m_field_index = SIZE_MAX;
    float m_list_height = 0.0f;
    ImVec2 m_filter_min, m_filter_max, m_download_min, m_download_max;
    std::vector<VisibleRow> m_visible;
};

} // namespace wirelab::web
