// Lab exercises, format "wirelab-lab/1" (documented in sim/LAB_FORMAT.md): a title, goals,
// Markdown instructions, a starting scenario (the scenario format, embedded unchanged), what the
// student may change, per-student variables ("each student gets their own subnet"), and checks
// with points and tiered hints.
//
// Grading never trusts the submission: a submission is a plain scenario file; its network is
// merged with the lab's locked parts (locked devices and fields, cabling, seed, script: always the
// lab's), then RUN from a clean start, once per distinct set of commands, and every check is
// evaluated on what the run did — live addresses and routes, command exit codes and output,
// frames seen on the wires. Each run has a time and an event budget, so a looping or flooding
// network ends with "exceeded budget" instead of hanging the grader.
//
// No I/O and no UI here: the CLI (`wirelab grade`, `wirelab lab`) reads the files, the browser
// calls the same functions with text it holds. Deterministic: the same inputs give the same
// reports byte for byte, natively and in WebAssembly.
#pragma once

#include "core/base/result.h"
#include "core/base/sim_time.h"
#include "core/inspect/display_filter.h"
#include "core/wire/ip_prefix.h"
#include "sim/lab_regex.h"
#include "sim/scenario.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace wirelab::sim {

inline constexpr std::string_view kLabFormat = "wirelab-lab/1";

// [SECTION] Variables: values drawn per student

enum class VariableKind : uint8_t { Ipv4Subnet, Ipv6Subnet, Integer, Choice };
const char* to_string(VariableKind k); // "ipv4-subnet", "ipv6-subnet", "integer", "choice"

struct VariableSpec {
    std::string name; // [a-z][a-z0-9_]*, used as {{name}}
    VariableKind kind = VariableKind::Integer;
    wire::IpPrefix within;               // subnets: drawn inside this prefix...
    uint8_t length = 0;                  // ...with this prefix length
    std::vector<wire::IpPrefix> exclude; // subnets: never overlapping these
    int64_t min = 0;                     // integer: min..max inclusive
    int64_t max = 0;
    std::vector<std::string> choices; // choice: one of these
};

// One drawn value. Placeholders: {{lan}} (the value as text) and, for subnets, {{lan.network}}
// {{lan.len}} {{lan.mask}} {{lan.broadcast}} {{lan.first}} {{lan.last}} {{lan.hosts}}
// {{lan.host(N)}} (see LAB_FORMAT.md); {{student}} is the student id.
struct VariableValue {
    std::string name;
    VariableKind kind = VariableKind::Integer;
    wire::IpPrefix subnet; // subnets (canonical)
    int64_t number = 0;    // integer
    std::string text;      // the value as {{name}} writes it
};

// [SECTION] What the student may change

// Device fields a lab can lock. "all" locks the whole device; a device of the lab always keeps
// its type.
inline constexpr std::string_view kLockableFields[] = {
    "interfaces", "gateway", "gateway6", "routes", "advertise", "ports", "services"};

struct LabLocks {
    std::map<std::string, std::vector<std::string>, std::less<>>
        devices;             // name -> fields or {"all"}
    bool links = false;      // cabling and link settings are the lab's
    bool add_devices = true; // the student may add devices of their own
    bool script = true;      // the lab's script runs (false: the student's script replaces it)

    bool is_device_locked(std::string_view device) const; // the whole device
    // True when `field` of `device` (one of kLockableFields) is the lab's, whatever the student
    // does. For the browser: grey out such fields.
    bool is_locked(std::string_view device, std::string_view field) const;
};

// Per run: simulated time and events. `settle` is when configuration checks look at the live
// network (after boot, router advertisements and duplicate address detection).
struct LabBudget {
    SimTime time = SimTime::from_s(60);
    uint64_t events = 1'000'000;
    SimTime settle = SimTime::from_s(5);
};

// [SECTION] Checks

// A command line run on a device during a check's run.
struct LabCommand {
    std::string on;
    std::string run;
    std::optional<SimTime> at;
};

// Where a live IPv4 address came from: a DHCP lease (the client is bound to it) or anything else
// (the scenario file, `ip addr add`): "a DHCP client obtains a lease in a prefix" vs "a static
// address".
enum class AddressSource : uint8_t { Any, Dhcp, Static };

// An address of `device` (on `interface`, or any) lies in `in`; with `length`, it is also
// configured with that prefix length; with `source`, it came from there. `absent`: no address
// lies in `in`.
struct AddressCheck {
    std::string device;
    std::string interface;
    wire::IpPrefix in;
    std::optional<uint8_t> length;
    AddressSource source = AddressSource::Any;
    bool absent = false;
};

// first..last inclusive (one address: first == last).
struct Ipv4Range {
    wire::Ipv4Addr first, last;
    bool contains(wire::Ipv4Addr a) const
    {
        return first.to_u32() <= a.to_u32() && a.to_u32() <= last.to_u32();
    }
    std::string to_string() const;
};

// A DHCP server runs on `device`; one of its pools hands out every address of `covers`, and no
// pool hands out any address of `excludes` (a static address that must never be leased).
// Reservations are not pools: a reserved address goes to one MAC only.
struct DhcpPoolCheck {
    std::string device;
    std::optional<Ipv4Range> covers;
    std::vector<Ipv4Range> excludes;
};

// `device` has a route for exactly `to` (or: the route it would use for `lookup`), optionally
// via `via` and/or out of `interface`. "default" is 0.0.0.0/0, "default6" ::/0.
struct RouteCheck {
    std::string device;
    std::optional<wire::IpPrefix> to;
    std::optional<wire::IpAddr> lookup;
    std::optional<wire::IpAddr> via;
    std::string interface;
    bool absent = false; // no such route
};

// A socket of `device` listens on `port` (TCP: in LISTEN; UDP: bound).
struct ListeningCheck {
    std::string device;
    uint16_t port = 0;
    bool udp = false;
};

enum class ExitExpect : uint8_t { Code, NonZero, Any };

// `command` runs (after the `setup` commands have started) and exits as expected, its output
// matching / not matching the patterns.
struct CommandCheck {
    LabCommand command;
    std::vector<LabCommand> setup; // started at their times, alongside (servers, listeners)
    ExitExpect exit = ExitExpect::Code;
    int exit_code = 0; // ExitExpect::Code
    std::optional<LabRegex> matches;
    std::optional<LabRegex> not_matches;
};

enum class TrafficScope : uint8_t { Anywhere, Link, SentBy, ReceivedBy };

// Frames matching `filter` seen at `scope` number between min and max. A frame counts once each
// time it is put on a wire (Anywhere, Link, SentBy) or delivered (ReceivedBy).
struct TrafficCheck {
    wire::DisplayFilter filter;
    TrafficScope scope = TrafficScope::Anywhere;
    std::vector<Endpoint> link; // Link: two ends; an empty port means any port of the device
    std::string device;         // SentBy, ReceivedBy
    uint64_t min = 1;
    uint64_t max = UINT64_MAX;
    std::vector<LabCommand> during; // commands of this check's own run; empty: the main run
};

using CheckSpec = std::variant<AddressCheck, RouteCheck, ListeningCheck, DhcpPoolCheck,
                               CommandCheck, TrafficCheck>;

struct Check {
    std::string id; // [a-z0-9][a-z0-9_-]*, unique: a CSV column
    uint32_t points = 0;
    std::string description;        // student-facing, placeholders filled
    std::vector<std::string> hints; // tier 1 first; the browser reveals one at a time
    std::string kind; // "address", "route", "listening", "dhcp-pool", "command", "traffic"
    std::string path; // "checks[2]", for messages
    CheckSpec spec;
};

// [SECTION] Lab and variant

struct Lab {
    std::string id; // [a-z0-9][a-z0-9-]*: seeds the variants, names the lab in reports
    std::string title;
    std::string topic;
    std::vector<std::string> goals;
    std::vector<VariableSpec> variables;
    LabLocks locks;
    LabBudget budget;
    // Kept as written (placeholders unfilled) until a variant is made.
    RawJson document;
    // From the checks (ids and points never hold placeholders): the CSV columns.
    std::vector<std::string> check_ids;
    uint32_t max_points = 0;
};

// The lab as one student sees it.
struct LabVariant {
    std::string student; // normalized: trimmed, ASCII lower case; may be empty
    std::vector<VariableValue> values;
    std::string title;
    std::vector<std::string> goals;
    std::string instructions; // Markdown, placeholders filled
    Scenario scenario;        // the starting network
    std::vector<Check> checks;
    uint32_t max_points() const;
};

// Parses and checks a lab. Every error is located by JSON path ("checks[2].in",
// "scenario.devices[0].interfaces[0].ipv4[0]"). The placeholders are checked by making the
// variant of student "" (so a lab that loads makes valid variants for every student, unless a
// drawn subnet cannot avoid the others: make_variant reports that). Never aborts on any input.
Result<Lab, std::vector<Diagnostic>> load_lab(std::string_view json_text);

// Trim + ASCII lower case: "  Alice " and "alice" are the same student.
std::string normalize_student(std::string_view student);

// The values drawn for `student` (deterministic: the lab id and the student id seed our PCG32),
// and every placeholder filled.
Result<LabVariant, std::vector<Diagnostic>> make_variant(const Lab& lab, std::string_view student);

// Fills the variant's placeholders into any JSON document (a teacher's solution template).
// Returns the document as 2-space-indented JSON.
Result<std::string, std::vector<Diagnostic>> fill_template(const LabVariant& v,
                                                           std::string_view json_text);

// The scenario a student starts from: the variant's network, with "lab": {"id", "student"} so a
// handed-in file says which lab and variant it is for (grading reads only those two fields).
Scenario starting_scenario(const Lab& lab, const LabVariant& v);

// The student id a submission records in its "lab" section, if any. The text overload reads it
// from any JSON document, also from a submission that is not a valid scenario.
std::optional<std::string> submission_student(const Scenario& submission);
std::optional<std::string> submission_student(std::string_view submission_json);

// [SECTION] Grading

struct CheckResult {
    std::string id;
    std::string kind;
    std::string description;
    std::vector<std::string> hints;
    uint32_t points = 0; // earned: 0 or max_points
    uint32_t max_points = 0;
    bool passed = false;
    bool budget_exceeded = false;
    std::string detail; // what was observed: "pc1 eth0 has 10.0.0.5/24, not in 10.37.5.64/26"
};

struct GradeReport {
    std::string lab_id;
    std::string lab_title;
    std::string submission; // file name (CLI) or a label
    std::string student;
    std::vector<CheckResult> checks;
    uint32_t score = 0;
    uint32_t max_score = 0;
    // What grading replaced or ignored in the submission ("r1 is locked: the lab's r1 was used").
    std::vector<std::string> notes;
    // The submission is not a valid scenario (or cannot be built): every check scores 0.
    std::vector<Diagnostic> errors;
    uint32_t runs = 0; // networks simulated
};

// The network actually run: the submission with the lab's locked parts, seed and script.
// `notes` receives what was replaced or ignored.
Scenario effective_scenario(const Lab& lab, const LabVariant& v, const Scenario& submission,
                            std::vector<std::string>* notes);

// Grades a submission held in memory (the browser's live check list) or as file text.
GradeReport grade_scenario(const Lab& lab, const LabVariant& v, const Scenario& submission);
GradeReport grade_text(const Lab& lab, const LabVariant& v, std::string_view submission_json,
                       std::string_view label);

// [SECTION] Reports (deterministic text)

// Human report of one submission; hint_tiers: how many hint tiers to print for a failed check.
std::string format_report(const GradeReport& r, size_t hint_tiers);
// {"format": "wirelab-grade/1", "lab": {...}, "submissions": [...]} with a trailing newline.
std::string format_reports_json(const Lab& lab, const std::vector<GradeReport>& reports);
// Header "submission,student,<check ids...>,total,max", then one row per report (RFC 4180).
std::string format_csv(const Lab& lab, const std::vector<GradeReport>& reports);

} // namespace wirelab::sim
