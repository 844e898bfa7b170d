// The lab in progress: the catalog and lab files (fetched from labs/, like the examples), lab
// links (#lab=<id>), opening a lab for a student, following the document's "lab" section (so
// autosave, undo and reload keep the lab), "Check my work" and "Export submission".
#include "web/views/app.h"

#include <utility>

namespace wirelab::web {

namespace {

constexpr const char* kLinkKey = "lab=";                  // #lab=<id>
constexpr const char* kStudentKey = "wirelab.student.v1"; // the id typed last, offered again

} // namespace

void App::start_labs()
{
    m_backend.fetch_text(LabBook::kIndexUrl);
    const std::string fragment = m_backend.url_fragment();
    if (fragment.rfind(kLinkKey, 0) != 0) return;
    // Like share links, the fragment is removed once read: a reload then resumes the autosave
    // (the lab in progress) instead of starting the lab over.
    m_lab_link = fragment.substr(std::string_view(kLinkKey).size());
    m_backend.set_url_fragment("");
}

void App::sync_labs()
{
    for (Backend::Incoming& in : m_files.take_lab_files()) {
        const LabInfo* info = m_labs.find_file(in.name);
        if (in.name == LabBook::kIndexUrl && !in.error.empty()) {
            // Not worth a dialog at every start: the Labs menu says it.
            m_labs.set_index_error("no lab catalog: " + in.error);
            continue;
        }
        if (!in.error.empty()) {
            // Asked again on the next attempt.
            if (info) m_lab_fetching.erase(info->id);
            if (info && m_lab_open && m_lab_open->id == info->id) m_lab_open.reset();
            m_lab_view.show_error("Could not load " + in.name, {in.error});
            continue;
        }
        if (in.name == LabBook::kIndexUrl) {
            if (!m_labs.read_index(in.text))
                m_lab_view.show_error("The lab catalog cannot be read", {m_labs.index_error()});
            continue;
        }
        std::vector<std::string> errors = m_labs.add_lab(in.name, in.text);
        if (errors.empty()) continue;
        if (info) m_lab_fetching.erase(info->id);
        if (info && m_lab_open && m_lab_open->id == info->id) m_lab_open.reset();
        m_lab_view.show_error(in.name + " is not a lab Wirelab can open", std::move(errors));
    }
    if (m_labs.has_index() && !m_lab_link.empty()) {
        const std::string id = std::exchange(m_lab_link, {});
        const auto ref = lab_ref_of(m_doc.scenario());
        if (const LabInfo* info = m_labs.find(id); !info) {
            std::string known;
            for (const LabInfo& l : m_labs.index()) known += (known.empty() ? "" : ", ") + l.id;
            m_lab_view.show_error("The link names the lab \"" + id +
                                      "\", which is not in the catalog",
                                  {"The labs are: " + known + "."});
        } else if (!ref || ref->id != id) {
            m_lab_view.ask_student(*info, m_backend.storage_get(kStudentKey).value_or(""));
        } // else: this browser already has that lab in progress; keep the student's work
    }
    if (m_lab_open && m_labs.has_lab(m_lab_open->id))
        open_lab_now(*std::exchange(m_lab_open, std::nullopt));
    follow_document_lab();
    if (m_lab_check_frames > 0 && --m_lab_check_frames == 0) {
        const double start = m_backend.wall_seconds();
        m_labs.grade(m_doc.scenario(), m_doc.revision());
        m_labs.set_grade_ms((m_backend.wall_seconds() - start) * 1000.0);
    }
}

// The lab panel shows the lab the document belongs to: opening a lab, reloading, undoing the
// opening, or opening another network all switch it.
void App::follow_document_lab()
{
    const auto ref = lab_ref_of(m_doc.scenario());
    if (!ref) {
        if (m_labs.is_open()) m_labs.close();
        m_lab_failed.reset();
        return;
    }
    if ((m_labs.is_open() && m_labs.active() == *ref) || m_lab_failed == ref) return;
    if (m_labs.has_lab(ref->id)) {
        std::vector<std::string> errors;
        if (!m_labs.activate(*ref, errors)) {
            m_lab_failed = ref;
            m_lab_view.show_error(
                "The lab " + ref->id + " cannot be shown for student " + ref->student, errors);
        }
        return;
    }
    if (!m_labs.has_index() || m_lab_fetching.count(ref->id)) return;
    if (const LabInfo* info = m_labs.find(ref->id)) {
        m_lab_fetching.insert(ref->id);
        m_backend.fetch_text("labs/" + info->file);
        return;
    }
    m_lab_failed = ref;
    m_lab_view.show_error("This network belongs to the lab \"" + ref->id +
                              "\", which is not in the catalog",
                          {"The network stays open; its lab panel cannot be shown."});
}

void App::open_lab_now(const LabRef& ref)
{
    std::vector<std::string> errors;
    auto start = m_labs.starting(ref.id, ref.student, errors);
    if (!start) {
        m_lab_view.show_error("The lab " + ref.id + " cannot be opened for student " + ref.student,
                              errors);
        return;
    }
    const std::string title = m_labs.find(ref.id) ? m_labs.find(ref.id)->title : ref.id;
    m_doc.replace(std::move(*start), "Open lab " + ref.id);
    m_selection.clear();
    m_ui.fit_view_requested = true;
    m_lab_failed.reset();
    m_files.set_status("Opened the lab " + title +
                       (ref.student.empty() ? "" : " for student " + ref.student) +
                       " (Undo brings your previous network back).");
}

void App::handle_lab_requests()
{
    for (const auto& [key, r] : m_lab_view.rects()) m_menu_rects[key] = r;
    const LabRequests req = m_lab_view.take_requests();
    if (!req.open_lab.empty()) {
        LabRef ref{req.open_lab, sim::normalize_student(req.student)};
        m_backend.storage_set(kStudentKey, ref.student);
        if (!m_labs.has_lab(ref.id) && !m_lab_fetching.count(ref.id)) {
            m_lab_fetching.insert(ref.id);
            m_backend.fetch_text("labs/" + m_labs.find(ref.id)->file);
        }
        m_lab_open = ref;
    }
    // Two frames: the next one shows "Checking…", the one after runs the grader.
    if (req.check && m_lab_check_frames == 0) m_lab_check_frames = 2;
    if (req.do_export) {
        const std::string text = sim::save_scenario(m_doc.scenario());
        const std::string name = m_labs.submission_name();
        if (m_backend.download(name, "application/json", text.data(), text.size()))
            m_files.set_status("Exported " + name + ": hand this file in (check your downloads).");
        else
            m_lab_view.show_error("Could not export the submission", {m_backend.error()});
    }
    if (!req.link.empty()) {
        // The app is one page that holds the student's work: a link is copied, to open in a new
        // tab, rather than followed.
        m_backend.copy_to_clipboard(req.link);
        m_files.set_status("Copied the link " + req.link + ": paste it into a new tab to open it.");
    }
    if (req.closed) {
        // Leaving the lab: the network stays, without its lab section (Undo brings it back).
        m_doc.queue({"Leave lab", [](sim::Scenario& s) {
                         if (s.lab.is_null()) return false;
                         s.lab = nullptr;
                         return true;
                     }});
    }
}

} // namespace wirelab::web
