// The inspector's services section: a device's services (sim/services.h) listed with an on/off
// box, the port of the kinds that have one, and each kind's whole settings as JSON text,
// checked as you type by the scenario loader itself (its messages, at their JSON paths), and
// applied with the Apply button as one Command. "Add service" offers the kinds not running yet.
#include "web/views/inspector_view.h"

#include "sim/services.h"
#include "web/views/inspector_checks.h"

#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>

namespace wirelab::web {

namespace {

// The kinds whose settings have a "port" key (SCENARIO_FORMAT.md, "Services").
bool has_port(std::string_view kind)
{
    static constexpr std::string_view kinds[] = {"echo", "ftp", "http", "https",
                                                 "ntp",  "rdp", "ssh",  "telnet"};
    return std::find(std::begin(kinds), std::end(kinds), kind) != std::end(kinds);
}

uint16_t default_port(std::string_view kind)
{
    if (kind == "echo") return 7;
    if (kind == "ftp") return 21;
    if (kind == "https") return 443;
    if (kind == "ntp") return 123;
    if (kind == "rdp") return 3389;
    if (kind == "ssh") return 22;
    if (kind == "telnet") return 23;
    return 80;
}

// What "Add service" puts in: the smallest settings that validate on any host.
sim::RawJson starter(std::string_view kind)
{
    auto parse = [](const char* text) { return sim::RawJson::parse(text, nullptr, false); };
    if (kind == "http") return parse(R"({"routes": {"/": "<p>Hello, World!</p>"}})");
    if (kind == "telnet" || kind == "ftp") return parse(R"({"users": {"alice": "secret"}})");
    if (kind == "mail") return parse(R"({"domain": "lab", "users": {"alice": "secret"}})");
    if (kind == "dns") return parse(R"({"zones": [{"origin": "lab", "records": ["@ NS ns"]}]})");
    if (kind == "files") return parse(R"({"/home/user/notes.txt": "hello\n"})");
    if (kind == "clock") return parse(R"({"offset": "93s"})");
    return sim::RawJson(true);
}

// A command that sets (or, with a null value, removes) services.<kind> of device `name`.
Command service_edit(const std::string& name, const std::string& kind, sim::RawJson value,
                     std::string label)
{
    return Command{std::move(label), [name, kind, value = std::move(value)](sim::Scenario& s) {
                       const int i = s.device_index(name);
                       if (i < 0) return false;
                       sim::RawJson& services = s.devices[size_t(i)].services;
                       if (value.is_null()) {
                           if (!services.is_object() || !services.contains(kind)) return false;
                           services.erase(kind);
                           if (services.empty()) services = sim::RawJson();
                           return true;
                       }
                       if (!services.is_object()) services = sim::RawJson::object();
                       if (services.contains(kind) && services[kind] == value) return false;
                       services[kind] = value;
                       return true;
                   }};
}

} // namespace

// The loader's messages about services.<kind> of device `index` if it held `text`.
std::string InspectorView::check_service(const sim::Scenario& s, size_t index,
                                         const std::string& kind, const std::string& text)
{
    sim::RawJson value = sim::RawJson::parse(text, nullptr, false);
    if (value.is_discarded()) return "not valid JSON (check the quotes, commas and braces)";
    sim::Scenario trial = s;
    sim::RawJson& services = trial.devices[index].services;
    if (!services.is_object()) services = sim::RawJson::object();
    services[kind] = value;
    std::vector<sim::Diagnostic> diags;
    sim::validate_services(trial, diags);
    const std::string prefix = "devices[" + std::to_string(index) + "].services." + kind;
    std::string out;
    for (const sim::Diagnostic& d : diags)
        if (d.is_error() && d.path.rfind(prefix, 0) == 0)
            out += (out.empty() ? "" : "\n") + d.to_string();
    return out;
}

void InspectorView::services_panel(Document& doc, const sim::Scenario& s, size_t index)
{
    const sim::DeviceSpec& d = s.devices[index];
    ImGui::SeparatorText("Services");
    const bool any = d.services.is_object() && !d.services.empty();
    if (!any) ImGui::TextDisabled("None: add a web, DNS, DHCP, mail... server below.");
    if (any)
        for (auto it = d.services.begin(); it != d.services.end(); ++it)
            service_entry(doc, s, index, it.key(), it.value());
    add_service(doc, d);
}

void InspectorView::service_entry(Document& doc, const sim::Scenario& s, size_t index,
                                  const std::string& kind, const sim::RawJson& value)
{
    const sim::DeviceSpec& d = s.devices[index];
    const std::string key = "svc." + kind;
    ImGui::PushID(key.c_str());
    bool on = !(value.is_boolean() && !value.get<bool>());
    const bool was_on = on;
    if (ImGui::Checkbox(kind.c_str(), &on) && on != was_on) {
        // Turning a service off keeps its settings here, so turning it on again restores them.
        sim::RawJson next = sim::RawJson(false);
        if (on) {
            auto kept = m_service_stash.find(d.name + "/" + kind);
            next = kept != m_service_stash.end() ? kept->second : sim::RawJson(true);
        } else {
            m_service_stash[d.name + "/" + kind] = value;
        }
        const std::string label = (on ? "Start " : "Stop ") + kind + " on " + d.name;
        doc.queue(service_edit(d.name, kind, next, label));
    }
    m_rects[key + ".on"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    for (const sim::ServiceKind& k : sim::service_kinds())
        if (k.key == kind) {
            ImGui::SameLine();
            ImGui::TextDisabled("%.*s", int(k.summary.size()), k.summary.data());
        }
    if (on && has_port(kind)) service_port(doc, d, kind, value);
    if (on) service_json(doc, s, index, kind, value);
    if (ImGui::SmallButton("Remove")) {
        doc.queue(service_edit(d.name, kind, sim::RawJson(), "Remove " + kind + " from " + d.name));
    }
    m_rects[key + ".remove"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    ImGui::Separator();
    ImGui::PopID();
}

void InspectorView::service_port(Document& doc, const sim::DeviceSpec& d, const std::string& kind,
                                 const sim::RawJson& value)
{
    uint16_t port = default_port(kind);
    if (value.is_object() && value.contains("port") && value["port"].is_number_unsigned())
        port = uint16_t(value["port"].get<uint64_t>());
    std::string text;
    auto check = [](const std::string& t) { return check_uint(t, 1, 65535, "a port"); };
    if (!text_field("Port", "80", "svc." + kind + ".port", std::to_string(port), check, text))
        return;
    sim::RawJson next = value.is_object() ? value : sim::RawJson::object();
    const uint64_t n = std::stoul(text);
    if (n == default_port(kind))
        next.erase("port");
    else
        next["port"] = n;
    if (next.empty()) next = sim::RawJson(true);
    doc.queue(service_edit(d.name, kind, next, "Set the " + kind + " port of " + d.name));
}

void InspectorView::service_json(Document& doc, const sim::Scenario& s, size_t index,
                                 const std::string& kind, const sim::RawJson& value)
{
    const std::string key = "svc." + kind + ".json";
    Draft& draft = m_drafts[key];
    if (!draft.active && !draft.invalid) draft.text = value.dump(2);
    ImGui::TextDisabled("Settings (JSON, as in the scenario file)");
    ImGui::PushFont(m_fonts->mono);
    const size_t newlines = size_t(std::count(draft.text.begin(), draft.text.end(), '\n'));
    const float lines = float(std::min<size_t>(12, 2 + newlines));
    const float height = ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2;
    ImGui::InputTextMultiline("##json", &draft.text, ImVec2(-FLT_MIN, height));
    ImGui::PopFont();
    m_rects[key] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (ImGui::IsItemEdited()) {
        draft.error = check_service(s, index, kind, draft.text); // as you type
        draft.invalid = true; // edited: kept until applied or reverted
    }
    draft.active = ImGui::IsItemActive();
    if (draft.invalid) {
        ImGui::BeginDisabled(!draft.error.empty());
        if (ImGui::SmallButton("Apply")) {
            doc.queue(service_edit(s.devices[index].name, kind,
                                   sim::RawJson::parse(draft.text, nullptr, false),
                                   "Edit " + kind + " on " + s.devices[index].name));
            draft.invalid = false;
        }
        ImGui::EndDisabled();
        m_rects[key + ".apply"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        ImGui::SameLine();
        if (ImGui::SmallButton("Revert")) {
            draft.invalid = false;
            draft.error.clear();
        }
    }
    if (!draft.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, error_color(m_theme));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(draft.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
}

void InspectorView::add_service(Document& doc, const sim::DeviceSpec& d)
{
    std::vector<std::string> missing;
    for (const sim::ServiceKind& k : sim::service_kinds())
        if (!d.services.is_object() || !d.services.contains(std::string(k.key)))
            missing.emplace_back(k.key);
    if (missing.empty()) return;
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##add_service", "Add service…")) {
        for (const std::string& kind : missing)
            if (ImGui::Selectable(kind.c_str()))
                doc.queue(
                    service_edit(d.name, kind, starter(kind), "Add " + kind + " to " + d.name));
        ImGui::EndCombo();
    }
    m_rects["svc.add"] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

} // namespace wirelab::web
