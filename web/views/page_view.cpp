// The "Web browser" window (a text-mode browser on one host).
#include "web/views/page_view.h"

#include <algorithm>
#include <cstdio>

namespace wirelab::web {

void PageView::draw(Session& session, UiState& ui, const Fonts& fonts, Theme theme, float ui_scale)
{
    if (!ui.open_browser.empty()) {
        if (ui.open_browser != m_host) m_address.fill(0);
        m_host = ui.open_browser;
        m_open = true;
        ui.open_browser.clear();
        ImGui::SetNextWindowFocus();
    }
    if (!m_open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.3f, vp->WorkPos.y + 60.0f * ui_scale),
        ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640.0f * ui_scale, 440.0f * ui_scale), ImGuiCond_FirstUseEver);
    // One window whatever the host; the title names it ("###" keeps the window's identity).
    const std::string title = "Web browser on " + m_host + "###page_view";
    if (!ImGui::Begin(title.c_str(), &m_open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    PageLoader* loader = session.page_loader(m_host);
    if (!loader) {
        ImGui::TextDisabled("%s has no running network stack: build a network with this host.",
                            m_host.c_str());
        ImGui::End();
        return;
    }
    draw_toolbar(*loader, fonts);
    draw_status(*loader, theme);
    ImGui::Separator();
    draw_page(*loader, fonts, theme);
    remember(*loader);
    ImGui::End();
}

void PageView::draw_toolbar(PageLoader& loader, const Fonts& fonts)
{
    ImGui::BeginDisabled(!loader.can_go_back());
    if (ImGui::Button("Back")) loader.back();
    ImGui::EndDisabled();
    m_back_min = ImGui::GetItemRectMin();
    m_back_max = ImGui::GetItemRectMax();
    ImGui::SameLine();
    if (ImGui::Button("Reload")) loader.reload();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::PushFont(fonts.mono);
    const bool enter =
        ImGui::InputTextWithHint("##address", "http://www.lab/", m_address.data(), m_address.size(),
                                 ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopFont();
    m_address_min = ImGui::GetItemRectMin();
    m_address_max = ImGui::GetItemRectMax();
    if (enter) loader.load(m_address.data());
    // The bar follows the page (redirects, links) once a load is over.
    if (loader.loads() != m_seen_loads) {
        m_seen_loads = loader.loads();
        if (!ImGui::IsItemActive())
            std::snprintf(m_address.data(), m_address.size(), "%s", loader.url().c_str());
    }
}

void PageView::draw_status(const PageLoader& loader, Theme theme)
{
    if (loader.is_loading()) {
        ImGui::TextDisabled("Loading %s ...", loader.url().c_str());
        return;
    }
    if (!loader.error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_color(theme));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(loader.error().c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        return;
    }
    if (loader.status() == 0) {
        ImGui::TextDisabled(
            "Type an address and press Enter: the request goes through the network.");
        return;
    }
    ImGui::Text("%d %s  ·  %zu bytes  ·  %.1f ms (simulated)", loader.status(),
                loader.reason().c_str(), loader.bytes(), loader.elapsed().ns() / 1e6);
}

void PageView::draw_page(PageLoader& loader, const Fonts& fonts, Theme theme)
{
    ImGui::BeginChild("##page", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(fonts.mono);
    const float ch = std::max(1.0f, ImGui::CalcTextSize("M").x);
    m_width = std::max<size_t>(20, size_t(ImGui::GetContentRegionAvail().x / ch) - 1);
    const app::TextPage& page = loader.page(m_width);
    m_link_min = m_link_max = ImVec2();
    bool first_link = true;
    const ImVec4 link_color =
        theme == Theme::Dark ? ImVec4(0.45f, 0.7f, 1.0f, 1.0f) : ImVec4(0.05f, 0.3f, 0.8f, 1.0f);
    if (!page.title.empty()) ImGui::TextDisabled("%s", page.title.c_str());
    for (const app::TextLine& line : page.lines) {
        if (line.spans.empty()) {
            ImGui::NewLine();
            continue;
        }
        for (size_t i = 0; i < line.spans.size(); ++i) {
            const app::TextSpan& sp = line.spans[i];
            if (i > 0) ImGui::SameLine(0.0f, 0.0f);
            if (sp.link < 0) {
                if (line.kind == app::TextLineKind::Heading)
                    ImGui::TextColored(link_color, "%s", sp.text.c_str());
                else
                    ImGui::TextUnformatted(sp.text.c_str());
                continue;
            }
            ImGui::TextColored(link_color, "%s", sp.text.c_str());
            if (first_link) {
                m_link_min = ImGui::GetItemRectMin();
                m_link_max = ImGui::GetItemRectMax();
                first_link = false;
            }
            if (ImGui::IsItemHovered()) {
                ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                ImGui::SetTooltip("%s", page.links[size_t(sp.link)].c_str());
            }
            if (ImGui::IsItemClicked()) loader.follow(sp.link);
        }
    }
    ImGui::PopFont();
    ImGui::EndChild();
}

void PageView::remember(PageLoader& loader)
{
    m_shown_url = loader.url();
    m_shown_status = loader.status();
    m_shown_bytes = loader.bytes();
    m_shown_ms = loader.elapsed().ns() / 1e6;
    m_shown_loading = loader.is_loading();
    m_shown_error = loader.error();
    const app::TextPage& page = loader.page(m_width);
    m_shown_title = page.title;
    m_shown_text.clear();
    for (const app::TextLine& l : page.lines) m_shown_text += l.text() + "\n";
}

} // namespace wirelab::web
