// Base64url (RFC 4648 §5, the URL- and filename-safe alphabet, without '=' padding), for the
// share link that carries a whole scenario in the page address's #fragment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wirelab::web {

std::string base64url_encode(std::string_view bytes);
// Nothing when a character is outside the alphabet or the length cannot come from an encoding.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace wirelab::web
