// Files around the document: New, Open (an uploaded JSON file), Save (a download), the examples
// in site/examples/ (fetched), autosave to the browser's storage so a reload never loses work,
// and share links that carry the whole scenario in the address's #fragment.
//
// A file that does not load leaves the current network untouched and shows every Diagnostic of
// the loader in a dialog.
//
// Start-up order: a scenario in the address (#s=...) wins (and the fragment is then removed, so
// later reloads come back to the autosave, which holds any edits made since); otherwise the
// autosave; otherwise an empty network. (A lab link, #lab=<id>, is read before, by
// web/views/app_labs.cpp.)
#pragma once

#include "web/model/base64url.h"
#include "web/model/document.h"
#include "web/platform/backend.h"

#include <string>
#include <vector>

namespace wirelab::web {

struct ExampleInfo {
    std::string file; // "two-lans.json"
    std::string title;
    std::string description;
};

class FileManager {
public:
    static constexpr const char* kAutosaveKey = "wirelab.autosave.v1";
    static constexpr double kAutosaveEvery = 0.3; // seconds between saves while editing

    // Loads the first document and asks for the examples index. Returns true when a document was
    // loaded (the caller fits the view to it).
    bool start(Backend& backend, Document& doc);
    // Handles files that arrived (uploads, fetched examples). Returns true when the document was
    // replaced.
    bool poll(Backend& backend, Document& doc);
    // Saves the document to storage when it changed (at most every kAutosaveEvery seconds).
    void autosave(Backend& backend, const Document& doc);

    void new_document(Document& doc);
    void open(Backend& backend);
    void save(Backend& backend, const Document& doc);
    void open_example(Backend& backend, const ExampleInfo& example);
    // The page address with the scenario in its fragment (also copied to the clipboard).
    std::string make_share_link(Backend& backend, const Document& doc);

    // Fetched files under labs/ (the catalog and lab files) are not scenarios: poll() keeps them
    // for the lab book (web/views/app_labs.cpp), which takes them here.
    std::vector<Backend::Incoming> take_lab_files() { return std::move(m_lab_files); }

    const std::vector<ExampleInfo>& examples() const { return m_examples; }
    const std::string& examples_error() const { return m_examples_error; }
    const std::string& last_status() const { return m_status; }
    void set_status(std::string status) { m_status = std::move(status); }

    // The error dialog: a title and every diagnostic line. Draw it every frame.
    void draw_dialogs(float ui_scale);
    // Text of the dialog shown last (for the test hook), kept after it is closed.
    const std::string& last_dialog() const { return m_last_dialog; }
    bool is_dialog_open() const { return m_dialog_open; }

private:
    bool load_text(Document& doc, const std::string& name, const std::string& text,
                   const std::string& label);
    void show_error(std::string title, std::vector<std::string> lines);
    void read_examples_index(const std::string& text);

    std::vector<ExampleInfo> m_examples;
    std::string m_examples_error;
    uint64_t m_saved_revision = 0;
    double m_last_save = -1e9;
    std::string m_status;
    std::string m_dialog_title;
    std::vector<std::string> m_dialog_lines;
    bool m_dialog_pending = false;
    bool m_dialog_open = false;
    std::string m_last_dialog;
    std::string m_pending_example; // fetched file we asked for, for its label
    std::vector<Backend::Incoming> m_lab_files;
};

} // namespace wirelab::web
