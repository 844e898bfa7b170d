// libFuzzer target: any bytes as a web page through the page view's text renderer
// (web/model/html_text.h), at a narrow and a wide width. Oracles: no crash, no sanitizer report,
// every span's link names a listed link, and rendering is deterministic.
#include "web/model/html_text.h"

#include <cstdlib>

using namespace wirelab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 16384) return 0;
    std::string_view html(reinterpret_cast<const char*>(data), size);
    for (size_t width : {20, 76}) {
        app::TextPage page = app::render_html(html, width);
        for (const app::TextLine& line : page.lines)
            for (const app::TextSpan& span : line.spans)
                if (span.link < -1 || span.link >= int(page.links.size())) std::abort();
        if (app::render_html(html, width).to_string() != page.to_string()) std::abort();
    }
    (void)app::decode_entities(html);
    return 0;
}
