// Lab instructions' Markdown: md4c's parser callbacks flattened into MdBlocks.
#include "web/model/markdown.h"

#include "core/base/text.h"
#include "web/model/html_text.h"

#include <md4c.h>

namespace wirelab::web {

namespace {

// GitHub's dialect, and raw HTML as text: "<script>" in a lab stays visible characters.
constexpr unsigned kFlags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;

// "&amp;", "&#233;", "&#x2192;": md4c only reports the entity. Decoded by the page view's table
// (html_text.h: numeric references and the names a page or a lab is likely to use; any other
// name is shown as typed), not md4c's entity.c, whose ~2,000 names are most of md4c's size.
void append_entity(std::string& out, std::string_view e)
{
    out += app::decode_entities(e);
}

std::string attribute_text(const MD_ATTRIBUTE& a)
{
    std::string out;
    if (a.size == 0) return out;
    for (int i = 0; a.substr_offsets[i] < a.size; ++i) {
        const std::string_view part(a.text + a.substr_offsets[i],
                                    a.substr_offsets[i + 1] - a.substr_offsets[i]);
        if (a.substr_types[i] == MD_TEXT_ENTITY)
            append_entity(out, part);
        else if (a.substr_types[i] == MD_TEXT_NULLCHAR)
            append_utf8(out, 0xFFFD);
        else
            out += part;
    }
    return out;
}

MdAlign align_of(MD_ALIGN a)
{
    switch (a) {
    case MD_ALIGN_LEFT: return MdAlign::Left;
    case MD_ALIGN_CENTER: return MdAlign::Center;
    case MD_ALIGN_RIGHT: return MdAlign::Right;
    default: return MdAlign::Default;
    }
}

// Receives md4c's callbacks. Containers (lists, items, quotes) become depths on the blocks
// inside them; inline text goes to `m_current` (or to the open table cell).
class Builder {
public:
    std::vector<MdBlock> blocks;

    void enter_block(MD_BLOCKTYPE type, void* detail);
    void leave_block(MD_BLOCKTYPE type);
    void enter_span(MD_SPANTYPE type, void* detail, int delta);
    void text(MD_TEXTTYPE type, std::string_view s);

private:
    struct List {
        bool ordered = false;
        unsigned next = 1;
        char delimiter = '.';
    };

    MdBlock& push(MdKind kind)
    {
        MdBlock& b = blocks.emplace_back();
        b.kind = kind;
        b.depth = m_items;
        b.quote = m_quote;
        m_current = blocks.size() - 1;
        return b;
    }
    void enter_item(const MD_BLOCK_LI_DETAIL& d);
    void enter_paragraph();
    void append(std::string_view s);
    uint8_t style() const
    {
        return uint8_t((m_bold ? MdBold : 0) | (m_italic ? MdItalic : 0) |
                       (m_code || m_in_code_block ? MdCode : 0) | (m_strike ? MdStrike : 0));
    }

    static constexpr size_t kNone = size_t(-1);
    size_t m_current = kNone; // the block taking inline text
    std::vector<List> m_lists;
    int m_items = 0; // open list items
    int m_quote = 0;
    bool m_in_code_block = false;
    bool m_in_table = false;
    int m_bold = 0, m_italic = 0, m_code = 0, m_strike = 0;
    std::vector<std::string> m_links;
};

void Builder::enter_item(const MD_BLOCK_LI_DETAIL& d)
{
    List& list = m_lists.back();
    MdBlock& b = push(list.ordered ? MdKind::Numbered : MdKind::Bullet);
    b.level = int(m_lists.size()) - 1;
    b.depth = m_items;
    if (list.ordered) b.marker = std::to_string(list.next++) + list.delimiter;
    if (d.is_task) {
        if (!b.marker.empty()) b.marker += ' ';
        b.marker += d.task_mark == ' ' ? "[ ]" : "[x]";
    }
    ++m_items;
}

// A list item's first paragraph is the item's own text; later ones are blocks of their own.
void Builder::enter_paragraph()
{
    const bool item_is_empty =
        m_current != kNone && m_current + 1 == blocks.size() &&
        (blocks.back().kind == MdKind::Bullet || blocks.back().kind == MdKind::Numbered) &&
        blocks.back().runs.empty();
    if (!item_is_empty) push(MdKind::Paragraph);
}

void Builder::enter_block(MD_BLOCKTYPE type, void* detail)
{
    switch (type) {
    case MD_BLOCK_QUOTE: ++m_quote, m_current = kNone; break;
    case MD_BLOCK_UL: m_lists.push_back({}), m_current = kNone; break;
    case MD_BLOCK_OL: {
        const auto* d = static_cast<const MD_BLOCK_OL_DETAIL*>(detail);
        m_lists.push_back({true, d->start, d->mark_delimiter});
        m_current = kNone;
        break;
    }
    case MD_BLOCK_LI: enter_item(*static_cast<const MD_BLOCK_LI_DETAIL*>(detail)); break;
    case MD_BLOCK_HR:
        push(MdKind::Rule);
        m_current = kNone;
        break;
    case MD_BLOCK_H:
        push(MdKind::Heading).level = int(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
        break;
    case MD_BLOCK_CODE:
        push(MdKind::Code);
        m_in_code_block = true;
        break;
    case MD_BLOCK_P:
    case MD_BLOCK_HTML: enter_paragraph(); break; // no HTML blocks under MD_FLAG_NOHTML
    case MD_BLOCK_TABLE:
        push(MdKind::Table).head_rows =
            int(static_cast<const MD_BLOCK_TABLE_DETAIL*>(detail)->head_row_count);
        m_in_table = true;
        break;
    case MD_BLOCK_TR: blocks.back().rows.emplace_back(); break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: {
        MdBlock& t = blocks.back();
        t.rows.back().emplace_back();
        if (t.rows.size() == 1)
            t.align.push_back(align_of(static_cast<const MD_BLOCK_TD_DETAIL*>(detail)->align));
        break;
    }
    default: break; // MD_BLOCK_DOC, THEAD, TBODY
    }
}

void Builder::leave_block(MD_BLOCKTYPE type)
{
    switch (type) {
    case MD_BLOCK_QUOTE: --m_quote; break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL: m_lists.pop_back(); break;
    case MD_BLOCK_LI: --m_items; break;
    case MD_BLOCK_CODE: {
        m_in_code_block = false;
        // md4c ends every code line with '\n'; the block's text is the lines joined.
        std::vector<MdRun>& runs = blocks[m_current].runs;
        if (!runs.empty() && !runs.back().text.empty() && runs.back().text.back() == '\n')
            runs.back().text.pop_back();
        break;
    }
    case MD_BLOCK_TABLE: m_in_table = false; break;
    case MD_BLOCK_H:
    case MD_BLOCK_P:
    case MD_BLOCK_HTML: break;
    default: return; // table rows and cells, the document
    }
    m_current = kNone;
}

void Builder::enter_span(MD_SPANTYPE type, void* detail, int delta)
{
    switch (type) {
    case MD_SPAN_STRONG: m_bold += delta; break;
    case MD_SPAN_EM: m_italic += delta; break;
    case MD_SPAN_CODE: m_code += delta; break;
    case MD_SPAN_DEL: m_strike += delta; break;
    case MD_SPAN_A:
        if (delta > 0)
            m_links.push_back(attribute_text(static_cast<const MD_SPAN_A_DETAIL*>(detail)->href));
        else
            m_links.pop_back();
        break;
    default: break; // an image's alt text is shown as text
    }
}

void Builder::text(MD_TEXTTYPE type, std::string_view s)
{
    std::string t;
    switch (type) {
    case MD_TEXT_NULLCHAR: append_utf8(t, 0xFFFD); break;
    case MD_TEXT_BR: t = "\n"; break;
    case MD_TEXT_SOFTBR: t = " "; break; // the lines of a paragraph flow together
    case MD_TEXT_ENTITY: append_entity(t, s); break;
    default: t = s; break; // normal, code, and raw HTML (shown as text)
    }
    append(t);
}

void Builder::append(std::string_view s)
{
    std::vector<MdRun>* runs = nullptr;
    if (m_in_table) {
        MdBlock& t = blocks.back();
        if (t.rows.empty() || t.rows.back().empty()) return;
        runs = &t.rows.back().back().runs;
    } else {
        if (m_current == kNone) push(MdKind::Paragraph);
        runs = &blocks[m_current].runs;
    }
    const uint8_t st = style();
    const std::string& link = m_links.empty() ? std::string() : m_links.back();
    if (!runs->empty() && runs->back().style == st && runs->back().link == link)
        runs->back().text += s;
    else
        runs->push_back({std::string(s), st, link});
}

} // namespace

std::string plain_text(const std::vector<MdRun>& runs)
{
    std::string out;
    for (const MdRun& r : runs) out += r.text;
    return out;
}

std::string MdBlock::text() const
{
    return plain_text(runs);
}

std::vector<MdBlock> parse_markdown(std::string_view text)
{
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = kFlags;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) {
        static_cast<Builder*>(u)->enter_block(t, d);
        return 0;
    };
    parser.leave_block = [](MD_BLOCKTYPE t, void*, void* u) {
        static_cast<Builder*>(u)->leave_block(t);
        return 0;
    };
    parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) {
        static_cast<Builder*>(u)->enter_span(t, d, +1);
        return 0;
    };
    parser.leave_span = [](MD_SPANTYPE t, void* d, void* u) {
        static_cast<Builder*>(u)->enter_span(t, d, -1);
        return 0;
    };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* u) {
        static_cast<Builder*>(u)->text(t, std::string_view(s, n));
        return 0;
    };
    Builder b;
    // md4c fails only when out of memory (or a callback aborts, which ours never do); whatever
    // was built until then is shown.
    md_parse(text.data(), MD_SIZE(text.size()), &parser, &b);
    return std::move(b.blocks);
}

} // namespace wirelab::web
