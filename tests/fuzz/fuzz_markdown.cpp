// libFuzzer target: any bytes as a lab's Markdown instructions through md4c and our wrapper
// (web/model/markdown.h). Oracles: no crash, no sanitizer report, deterministic blocks, levels and
// depths in range, a table's header rows within its rows.
#include "web/model/markdown.h"

#include <cstdlib>

using namespace wirelab;

namespace {
std::string dump(const std::vector<web::MdBlock>& blocks)
{
    std::string out;
    for (const web::MdBlock& b : blocks)
        out += std::to_string(int(b.kind)) + ":" + std::to_string(b.level) + ":" + b.marker + ":" +
               b.text() + "\n";
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 16384) return 0;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<web::MdBlock> blocks = web::parse_markdown(text);
    for (const web::MdBlock& b : blocks) {
        if (b.kind == web::MdKind::Heading && (b.level < 1 || b.level > 6)) std::abort();
        if (b.level < 0 || b.depth < 0 || b.quote < 0) std::abort();
        if (b.kind == web::MdKind::Table) {
            if (b.head_rows < 0 || size_t(b.head_rows) > b.rows.size()) std::abort();
        }
    }
    if (dump(web::parse_markdown(text)) != dump(blocks)) std::abort();
    return 0;
}
