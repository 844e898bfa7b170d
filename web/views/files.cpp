// Open, save, examples, autosave and share links.
#include "web/views/files.h"

#include <imgui.h>

namespace wirelab::web {

namespace {

constexpr const char* kFragmentKey = "s="; // #s=<base64url of the scenario's JSON>

std::string file_stem(const Document& doc)
{
    std::string name;
    for (char c : doc.scenario().title) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            name += char(c | 0x20);
        else if (!name.empty() && name.back() != '-')
            name += '-';
    }
    while (!name.empty() && name.back() == '-') name.pop_back();
    return name.empty() ? "network" : name;
}

} // namespace

// ===================================================================================== [SECTION]
// Loading

bool FileManager::start(Backend& backend, Document& doc)
{
    backend.fetch_text("examples/index.json");
    const std::string fragment = backend.url_fragment();
    if (fragment.rfind(kFragmentKey, 0) == 0) {
        backend.set_url_fragment("");
        auto json = base64url_decode(std::string_view(fragment).substr(2));
        if (!json) {
            show_error("The link does not hold a network",
                       {"The part of the address after #s= is damaged (it may have been cut "
                        "short when it was copied). Ask for the link again."});
        } else if (load_text(doc, "the shared link", *json, "Open shared link")) {
            m_saved_revision = 0; // save it as the new autosave
            return true;
        }
    }
    if (auto saved = backend.storage_get(kAutosaveKey)) {
        auto s = sim::load_scenario(*saved);
        if (s) {
            doc.replace(std::move(*s), "Restore", false);
            m_saved_revision = doc.revision();
            m_status = "Restored your last network from this browser's storage.";
            return true;
        }
        m_status = "The autosaved network could not be read; starting empty.";
    }
    return false;
}

bool FileManager::load_text(Document& doc, const std::string& name, const std::string& text,
                            const std::string& label)
{
    auto s = sim::load_scenario(text);
    if (!s) {
        std::vector<std::string> lines;
        for (const sim::Diagnostic& d : s.error()) lines.push_back(d.to_string());
        show_error(name + " is not a scenario Wirelab can open", std::move(lines));
        return false;
    }
    doc.replace(std::move(*s), label);
    m_status = "Opened " + name + ".";
    return true;
}

bool FileManager::poll(Backend& backend, Document& doc)
{
    bool replaced = false;
    while (auto in = backend.poll_incoming()) {
        if (in->kind == Backend::Incoming::Kind::Fetch && in->name == "examples/index.json") {
            if (!in->error.empty())
                m_examples_error = in->error;
            else
                read_examples_index(in->text);
            continue;
        }
        if (in->kind == Backend::Incoming::Kind::Fetch && in->name.rfind("labs/", 0) == 0) {
            m_lab_files.push_back(std::move(*in));
            continue;
        }
        if (!in->error.empty()) {
            show_error("Could not open " + in->name, {in->error});
            continue;
        }
        const std::string label = in->kind == Backend::Incoming::Kind::Fetch
                                      ? "Open example " + in->name
                                      : "Open " + in->name;
        replaced = load_text(doc, in->name, in->text, label) || replaced;
    }
    return replaced;
}

void FileManager::read_examples_index(const std::string& text)
{
    auto json = nlohmann::json::parse(text, nullptr, false);
    const auto* list = json.is_object() && json.contains("examples") ? &json["examples"] : nullptr;
    if (!list || !list->is_array()) {
        m_examples_error = "examples/index.json has no \"examples\" list";
        return;
    }
    for (const auto& e : *list) {
        if (!e.is_object() || !e.contains("file") || !e["file"].is_string()) continue;
        ExampleInfo info;
        info.file = e["file"].get<std::string>();
        info.title = e.contains("title") && e["title"].is_string() ? e["title"].get<std::string>()
                                                                   : info.file;
        if (e.contains("description") && e["description"].is_string())
            info.description = e["description"].get<std::string>();
        m_examples.push_back(std::move(info));
    }
}

// ===================================================================================== [SECTION]
// Saving

void FileManager::autosave(Backend& backend, const Document& doc)
{
    if (doc.revision() == m_saved_revision) return;
    const double now = backend.wall_seconds();
    if (now - m_last_save < kAutosaveEvery) return;
    m_last_save = now;
    if (backend.storage_set(kAutosaveKey, sim::save_scenario(doc.scenario())))
        m_saved_revision = doc.revision();
    else
        m_status = "Autosave failed: " + backend.error() + ". Use File → Save to keep your work.";
}

void FileManager::new_document(Document& doc)
{
    doc.replace(sim::Scenario{}, "New network");
    m_status = "New network (Undo brings the previous one back).";
}

void FileManager::open(Backend& backend)
{
    if (!backend.request_open_file()) show_error("Cannot open a file", {backend.error()});
}

void FileManager::save(Backend& backend, const Document& doc)
{
    const std::string text = sim::save_scenario(doc.scenario());
    const std::string name = file_stem(doc) + ".json";
    if (backend.download(name, "application/json", text.data(), text.size()))
        m_status = "Saved " + name + " (check your downloads).";
    else
        show_error("Could not save", {backend.error()});
}

void FileManager::open_example(Backend& backend, const ExampleInfo& example)
{
    backend.fetch_text("examples/" + example.file);
    m_status = "Loading " + example.title + "…";
}

std::string FileManager::make_share_link(Backend& backend, const Document& doc)
{
    // Compact JSON: the canonical text without its indentation.
    const auto json =
        nlohmann::ordered_json::parse(sim::save_scenario(doc.scenario()), nullptr, false);
    const std::string link =
        backend.page_address() + "#" + kFragmentKey + base64url_encode(json.dump());
    backend.copy_to_clipboard(link);
    return link;
}

// ===================================================================================== [SECTION]
// Dialog

void FileManager::show_error(std::string title, std::vector<std::string> lines)
{
    m_dialog_title = std::move(title);
    m_dialog_lines = std::move(lines);
    m_dialog_pending = true;
    m_last_dialog = m_dialog_title;
    for (const std::string& l : m_dialog_lines) m_last_dialog += "\n" + l;
}

void FileManager::draw_dialogs(float ui_scale)
{
    if (m_dialog_pending) {
        ImGui::OpenPopup("Problem##files");
        m_dialog_pending = false;
    }
    ImGui::SetNextWindowSize(ImVec2(620.0f * ui_scale, 0.0f), ImGuiCond_Appearing);
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    m_dialog_open =
        ImGui::BeginPopupModal("Problem##files", nullptr, ImGuiWindowFlags_NoSavedSettings);
    if (!m_dialog_open) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(m_dialog_title.c_str());
    ImGui::Separator();
    ImGui::BeginChild(
        "##lines",
        ImVec2(0.0f, std::min(300.0f * ui_scale, ImGui::GetTextLineHeightWithSpacing() *
                                                     float(m_dialog_lines.size() + 1) * 1.6f)));
    for (const std::string& l : m_dialog_lines) ImGui::BulletText("%s", l.c_str());
    ImGui::EndChild();
    ImGui::TextDisabled("Your current network was left as it was.");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("OK", ImVec2(120.0f * ui_scale, 0.0f)) ||
        ImGui::IsKeyPressed(ImGuiKey_Escape))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace wirelab::web
