// LabRegex: parser (recursive descent into a small tree), compiler (tree -> Thompson NFA program)
// and Pike VM search. See lab_regex.h for the syntax.
// [SECTION] index: tree · parser · compiler · search
#include "sim/lab_regex.h"

#include <memory>

namespace wirelab::sim {

// ===================================================================================== [SECTION]
// Tree

namespace {

struct Node {
    enum class Kind : uint8_t { Empty, Byte, Any, Class, LineStart, LineEnd, Concat, Alt, Repeat };
    Kind kind = Kind::Empty;
    uint8_t byte = 0;
    LabRegex::ByteSet set{};
    int min = 0;
    int max = 0; // -1: unbounded
    std::vector<std::unique_ptr<Node>> kids;
};

using NodePtr = std::unique_ptr<Node>;

constexpr int kMaxCount = 100; // {n,m} bounds
constexpr int kMaxDepth = 100; // nested groups

void set_add(LabRegex::ByteSet& s, uint8_t c)
{
    s[c >> 6] |= uint64_t(1) << (c & 63);
}
bool set_has(const LabRegex::ByteSet& s, uint8_t c)
{
    return (s[c >> 6] >> (c & 63)) & 1;
}
void set_invert(LabRegex::ByteSet& s)
{
    for (uint64_t& w : s) w = ~w;
}
void set_union(LabRegex::ByteSet& a, const LabRegex::ByteSet& b)
{
    for (size_t i = 0; i < a.size(); ++i) a[i] |= b[i];
}

bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}
bool is_word(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// \d \w \s and their complements as a set; false if `c` is not one of those letters.
bool shorthand_set(char c, LabRegex::ByteSet& out)
{
    bool (*pred)(int) = nullptr;
    char lower = char(c | 0x20);
    if (lower == 'd') pred = is_digit;
    if (lower == 'w') pred = is_word;
    if (lower == 's') pred = is_space;
    if (!pred) return false;
    out = {};
    for (int b = 0; b < 256; ++b)
        if (pred(b)) set_add(out, uint8_t(b));
    if (c != lower) set_invert(out);
    return true;
}

} // namespace

// ===================================================================================== [SECTION]
// Parser

class RegexCompiler {
public:
    explicit RegexCompiler(std::string_view p) : m_p(p) {}

    Result<LabRegex, std::string> run()
    {
        if (m_p.substr(0, 4) == "(?i)") {
            m_icase = true;
            m_pos = 4;
        }
        NodePtr root = parse_alt(0);
        if (!m_error.empty()) return fail(m_error);
        if (m_pos < m_p.size())
            return fail(at(m_pos, "unmatched ')' (escape it as \\) to match it)"));
        LabRegex re;
        re.m_pattern = std::string(m_p);
        m_re = &re;
        emit(*root);
        push({LabRegex::Op::Match});
        if (m_too_big)
            return fail(std::string("the pattern is too complex (over ") +
                        std::to_string(LabRegex::kMaxProgram) +
                        " steps once repetitions are expanded); use smaller {n,m} counts");
        return re;
    }

private:
    std::string at(size_t pos, const std::string& msg) const
    {
        return "column " + std::to_string(pos + 1) + ": " + msg;
    }
    void error(size_t pos, const std::string& msg)
    {
        if (m_error.empty()) m_error = at(pos, msg);
    }
    bool more() const { return m_pos < m_p.size() && m_error.empty(); }

    NodePtr make(Node::Kind k)
    {
        auto n = std::make_unique<Node>();
        n->kind = k;
        return n;
    }

    NodePtr parse_alt(int depth)
    {
        if (depth > kMaxDepth) {
            error(m_pos, "groups nested too deeply");
            return make(Node::Kind::Empty);
        }
        NodePtr first = parse_concat(depth);
        if (!more() || m_p[m_pos] != '|') return first;
        NodePtr alt = make(Node::Kind::Alt);
        alt->kids.push_back(std::move(first));
        while (more() && m_p[m_pos] == '|') {
            ++m_pos;
            alt->kids.push_back(parse_concat(depth));
        }
        return alt;
    }

    NodePtr parse_concat(int depth)
    {
        NodePtr cat = make(Node::Kind::Concat);
        while (more() && m_p[m_pos] != '|' && m_p[m_pos] != ')') {
            NodePtr atom = parse_atom(depth);
            if (!m_error.empty()) break;
            cat->kids.push_back(parse_quantifiers(std::move(atom)));
        }
        return cat;
    }

    NodePtr parse_quantifiers(NodePtr atom)
    {
        while (more()) {
            char c = m_p[m_pos];
            int lo = 0, hi = 0;
            size_t start = m_pos;
            if (c == '*') {
                lo = 0, hi = -1, ++m_pos;
            } else if (c == '+') {
                lo = 1, hi = -1, ++m_pos;
            } else if (c == '?') {
                lo = 0, hi = 1, ++m_pos;
            } else if (c == '{' && parse_counts(lo, hi)) {
            } else {
                break;
            }
            if (!m_error.empty()) break;
            if (atom->kind == Node::Kind::LineStart || atom->kind == Node::Kind::LineEnd) {
                error(start, "nothing to repeat before '" + std::string(1, c) + "'");
                break;
            }
            NodePtr rep = make(Node::Kind::Repeat);
            rep->min = lo;
            rep->max = hi;
            rep->kids.push_back(std::move(atom));
            atom = std::move(rep);
        }
        return atom;
    }

    // {n} {n,} {n,m}; false (and nothing consumed) when '{' does not start a count, so "a{" and
    // "{x}" are literal text, as in most engines.
    bool parse_counts(int& lo, int& hi)
    {
        size_t p = m_pos + 1;
        auto number = [&](int& out) {
            size_t b = p;
            long v = 0;
            while (p < m_p.size() && is_digit(m_p[p]) && v <= 100000) v = v * 10 + (m_p[p++] - '0');
            out = int(std::min<long>(v, 100001));
            return p > b;
        };
        if (!number(lo)) return false;
        hi = lo;
        if (p < m_p.size() && m_p[p] == ',') {
            ++p;
            if (!number(hi)) hi = -1;
        }
        if (p >= m_p.size() || m_p[p] != '}') return false;
        if (lo > kMaxCount || hi > kMaxCount)
            error(m_pos, "repetition count over " + std::to_string(kMaxCount));
        else if (hi >= 0 && hi < lo)
            error(m_pos, "{" + std::to_string(lo) + "," + std::to_string(hi) +
                             "}: the maximum is smaller than the minimum");
        m_pos = p + 1;
        return true;
    }

    NodePtr parse_atom(int depth)
    {
        size_t start = m_pos;
        char c = m_p[m_pos++];
        switch (c) {
        case '(': {
            if (m_p.substr(m_pos, 2) == "?:")
                m_pos += 2;
            else if (m_pos < m_p.size() && m_p[m_pos] == '?')
                error(m_pos, "only (?:...) groups and a leading (?i) are supported");
            NodePtr inner = parse_alt(depth + 1);
            if (m_error.empty() && (m_pos >= m_p.size() || m_p[m_pos] != ')'))
                error(start, "unmatched '(' (escape it as \\( to match it)");
            ++m_pos;
            return inner;
        }
        case '*':
        case '+':
        case '?': error(start, std::string("nothing to repeat before '") + c + "'"); break;
        case '[': return parse_class(start);
        case '.': return make(Node::Kind::Any);
        case '^': return make(Node::Kind::LineStart);
        case '$': return make(Node::Kind::LineEnd);
        case '\\': return parse_escape(start);
        default: break;
        }
        return literal(uint8_t(c));
    }

    NodePtr literal(uint8_t c)
    {
        NodePtr n = make(Node::Kind::Byte);
        n->byte = c;
        return n;
    }

    // The byte an escape stands for, or -1 for a shorthand class (filled into `set`).
    int escape_value(size_t start, LabRegex::ByteSet& set)
    {
        if (m_pos >= m_p.size()) {
            error(start, "the pattern ends with a lone \\ (write \\\\ for a backslash)");
            return 0;
        }
        char e = m_p[m_pos++];
        if (shorthand_set(e, set)) return -1;
        if (e == 'n') return '\n';
        if (e == 't') return '\t';
        if (e == 'r') return '\r';
        if (is_word(e)) error(start, std::string("unknown escape \\") + e);
        return uint8_t(e);
    }

    NodePtr parse_escape(size_t start)
    {
        LabRegex::ByteSet set{};
        int v = escape_value(start, set);
        if (v >= 0) return literal(uint8_t(v));
        NodePtr n = make(Node::Kind::Class);
        n->set = set;
        return n;
    }

    NodePtr parse_class(size_t start)
    {
        NodePtr n = make(Node::Kind::Class);
        bool negate = m_pos < m_p.size() && m_p[m_pos] == '^';
        if (negate) ++m_pos;
        bool first = true;
        while (true) {
            if (m_pos >= m_p.size()) {
                error(start, "unmatched '[' (escape it as \\[ to match it)");
                return n;
            }
            char c = m_p[m_pos];
            if (c == ']' && !first) break;
            first = false;
            size_t here = m_pos++;
            int lo = uint8_t(c);
            if (c == '\\') {
                LabRegex::ByteSet sh{};
                lo = escape_value(here, sh);
                if (!m_error.empty()) return n;
                if (lo < 0) {
                    set_union(n->set, sh);
                    continue;
                }
            }
            int hi = lo;
            if (m_pos + 1 < m_p.size() && m_p[m_pos] == '-' && m_p[m_pos + 1] != ']') {
                ++m_pos;
                size_t hpos = m_pos;
                char h = m_p[m_pos++];
                hi = uint8_t(h);
                if (h == '\\') {
                    LabRegex::ByteSet sh{};
                    hi = escape_value(hpos, sh);
                    if (hi < 0) error(hpos, "a range cannot end with a class like \\d");
                }
                if (m_error.empty() && hi < lo)
                    error(here, "range out of order: '" + std::string(1, char(lo)) + "-" +
                                    std::string(1, char(hi)) + "'");
                if (!m_error.empty()) return n;
            }
            for (int b = lo; b <= hi; ++b) set_add(n->set, uint8_t(b));
        }
        ++m_pos; // ']'
        if (negate) set_invert(n->set);
        return n;
    }

    // [SECTION] compiler

    uint32_t push(LabRegex::Inst i)
    {
        if (m_re->m_prog.size() >= LabRegex::kMaxProgram) {
            m_too_big = true;
            return uint32_t(m_re->m_prog.size() - 1);
        }
        m_re->m_prog.push_back(i);
        return uint32_t(m_re->m_prog.size() - 1);
    }
    uint32_t here() const { return uint32_t(m_re->m_prog.size()); }
    uint32_t add_class(LabRegex::ByteSet s)
    {
        if (m_icase)
            for (int c = 'a'; c <= 'z'; ++c)
                if (set_has(s, uint8_t(c)) || set_has(s, uint8_t(c - 32))) {
                    set_add(s, uint8_t(c));
                    set_add(s, uint8_t(c - 32));
                }
        m_re->m_classes.push_back(s);
        return uint32_t(m_re->m_classes.size() - 1);
    }

    void emit(const Node& n)
    {
        if (m_too_big) return;
        using Op = LabRegex::Op;
        switch (n.kind) {
        case Node::Kind::Empty: break;
        case Node::Kind::Byte:
            if (m_icase && is_word(n.byte) && !is_digit(n.byte) && n.byte != '_') {
                LabRegex::ByteSet s{};
                set_add(s, n.byte);
                push({Op::Class, 0, add_class(s)});
            } else {
                push({Op::Byte, n.byte});
            }
            break;
        case Node::Kind::Any: push({Op::Any}); break;
        case Node::Kind::Class: push({Op::Class, 0, add_class(n.set)}); break;
        case Node::Kind::LineStart: push({Op::LineStart}); break;
        case Node::Kind::LineEnd: push({Op::LineEnd}); break;
        case Node::Kind::Concat:
            for (const NodePtr& k : n.kids) emit(*k);
            break;
        case Node::Kind::Alt: emit_alt(n, 0); break;
        case Node::Kind::Repeat: emit_repeat(n); break;
        }
    }

    void emit_alt(const Node& n, size_t i)
    {
        using Op = LabRegex::Op;
        if (i + 1 == n.kids.size()) {
            emit(*n.kids[i]);
            return;
        }
        uint32_t split = push({Op::Split});
        m_re->m_prog[split].x = here();
        emit(*n.kids[i]);
        uint32_t jump = push({Op::Jump});
        m_re->m_prog[split].y = here();
        emit_alt(n, i + 1);
        if (!m_too_big) m_re->m_prog[jump].x = here();
    }

    void emit_repeat(const Node& n)
    {
        using Op = LabRegex::Op;
        const Node& body = *n.kids[0];
        for (int i = 0; i < n.min && !m_too_big; ++i) emit(body);
        if (n.max < 0) { // loop: L: split(body, out); body; jump L
            uint32_t split = push({Op::Split});
            m_re->m_prog[split].x = here();
            emit(body);
            push({Op::Jump, 0, split});
            if (!m_too_big) m_re->m_prog[split].y = here();
            return;
        }
        std::vector<uint32_t> splits;
        for (int i = n.min; i < n.max && !m_too_big; ++i) {
            uint32_t split = push({Op::Split});
            m_re->m_prog[split].x = here();
            splits.push_back(split);
            emit(body);
        }
        if (m_too_big) return;
        for (uint32_t s : splits) m_re->m_prog[s].y = here();
    }

    std::string_view m_p;
    size_t m_pos = 0;
    bool m_icase = false;
    bool m_too_big = false;
    std::string m_error;
    LabRegex* m_re = nullptr;
};

Result<LabRegex, std::string> LabRegex::parse(std::string_view pattern)
{
    return RegexCompiler(pattern).run();
}

// ===================================================================================== [SECTION]
// Search: Pike's VM. Each list holds each program counter at most once per text position, so a
// step costs at most the program size and empty loops cannot spin.

namespace {

struct ThreadList {
    std::vector<uint32_t> pcs;
    std::vector<uint32_t> stamp; // stamp[pc] == gen: pc is in the list
    uint32_t gen = 0;
    void clear()
    {
        pcs.clear();
        ++gen;
    }
};

} // namespace

bool LabRegex::search(std::string_view text) const
{
    const size_t n = text.size();
    ThreadList cur, next;
    cur.stamp.assign(m_prog.size(), 0);
    next.stamp.assign(m_prog.size(), 0);
    std::vector<uint32_t> stack;
    cur.clear();
    next.clear();

    // Adds pc and everything reachable from it without reading a byte; true on Match.
    auto add = [&](ThreadList& list, uint32_t pc0, size_t pos) {
        stack.assign(1, pc0);
        while (!stack.empty()) {
            uint32_t pc = stack.back();
            stack.pop_back();
            if (list.stamp[pc] == list.gen) continue;
            list.stamp[pc] = list.gen;
            const Inst& in = m_prog[pc];
            switch (in.op) {
            case Op::Match: return true;
            case Op::Jump: stack.push_back(in.x); break;
            case Op::Split:
                stack.push_back(in.y);
                stack.push_back(in.x);
                break;
            case Op::LineStart:
                if (pos == 0 || text[pos - 1] == '\n') stack.push_back(pc + 1);
                break;
            case Op::LineEnd:
                if (pos == n || text[pos] == '\n') stack.push_back(pc + 1);
                break;
            default: list.pcs.push_back(pc); break;
            }
        }
        return false;
    };

    for (size_t pos = 0;; ++pos) {
        if (add(cur, 0, pos)) return true; // a match may start at every position
        if (pos == n) return false;
        uint8_t c = uint8_t(text[pos]);
        next.clear();
        for (uint32_t pc : cur.pcs) {
            const Inst& in = m_prog[pc];
            bool ok = (in.op == Op::Byte && in.byte == c) || (in.op == Op::Any && c != '\n') ||
                      (in.op == Op::Class && set_has(m_classes[in.x], c));
            if (ok && add(next, pc + 1, pos + 1)) return true;
        }
        std::swap(cur, next);
    }
}

} // namespace wirelab::sim
