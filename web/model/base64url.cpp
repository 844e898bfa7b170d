// Base64url without padding (RFC 4648 §5).
#include "web/model/base64url.h"

#include <cstdint>
#include <cstring>

namespace wirelab::web {

namespace {
constexpr const char* kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

std::string base64url_encode(std::string_view bytes)
{
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text)
{
    // RFC 4648 §4: the last group of an encoding holds 2, 3 or 4 characters, never 1.
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const char* at = c ? std::strchr(kAlphabet, c) : nullptr;
        if (!at) return std::nullopt;
        acc = (acc << 6) | uint32_t(at - kAlphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((acc >> bits) & 0xff);
        }
    }
    return out;
}

} // namespace wirelab::web
