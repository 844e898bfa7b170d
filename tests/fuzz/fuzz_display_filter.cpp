// libFuzzer target: display filter text and frame bytes. The input is split at its first zero
// byte: the text before it is parsed as a display filter, the bytes after it are a frame (a
// wire fixture when there is no zero byte). The frame is dissected in every mode, and the
// filter, when it parses, is evaluated over it and over every fixture. Aborts on a crash, a
// sanitizer report, or a field that lies outside its frame.
#include "core/inspect/display_filter.h"
#include "core/inspect/dissect.h"
#include "tests/wire/fixtures.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using namespace wirelab;

const char* check_fields(const std::vector<wire::Field>& fields, size_t frame_len)
{
    for (const wire::Field& f : fields) {
        if (size_t(f.offset) + f.length > frame_len) return "a field lies outside its frame";
        if (!wire::find_field_spec(f.name)) return "a field name is not registered";
        if (const char* why = check_fields(f.children, frame_len)) return why;
    }
    return nullptr;
}

const char* run(ByteSpan in)
{
    auto zero = std::find(in.begin(), in.end(), uint8_t(0));
    std::string_view text(reinterpret_cast<const char*>(in.data()), size_t(zero - in.begin()));
    const auto& fixture =
        fixtures::kAllFrames[in.empty() ? 0 : in[0] % std::size(fixtures::kAllFrames)];
    ByteSpan frame = zero == in.end() ? ByteSpan(fixture.data, fixture.size)
                                      : in.subspan(size_t(zero - in.begin()) + 1);
    wire::Dissection d = wire::dissect(frame);
    if (const char* why = check_fields(d.layers, frame.size())) return why;
    wire::Dissection c = wire::dissect(frame, wire::DissectDetail::Columns);
    if (c.info != d.info || c.malformed != d.malformed) return "columns differ from the tree's";
    auto filter = wire::DisplayFilter::parse(text);
    if (!filter) {
        if (filter.error().column < 1 || filter.error().column > text.size() + 1)
            return "error column outside the filter text";
        return nullptr;
    }
    (void)filter->matches(frame);
    for (const auto& nf : fixtures::kAllFrames) (void)filter->matches(ByteSpan(nf.data, nf.size));
    return nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (const char* why = run(wirelab::ByteSpan(data, size))) {
        std::fprintf(stderr, "wirelab fuzz: %s\n", why);
        std::abort();
    }
    return 0;
}
