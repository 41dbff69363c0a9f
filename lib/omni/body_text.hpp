#pragma once
// Turning text a server sent (error pages, broken JSON) into something safe to print in one log line.
#include <cstddef>
#include <string>
#include <string_view>

namespace oss::omni {

inline constexpr std::size_t kExcerptLimit = 200;

// White space runs collapsed to one space and trimmed; control and bidi characters and bytes that are not valid
// UTF-8 escaped as model::without_controls does (\x1b, \u{202e}); cut at a character boundary after about
// `limit` bytes, marked with "...".
// A hostile or broken server must not be able to forge log lines or flood them.
std::string readable_excerpt(std::string_view text, std::size_t limit = kExcerptLimit);

// Rough HTML to text for error pages from proxies: tags dropped (with the contents of <script> and <style>),
// the common entities decoded. Not a parser: it only has to make "502 Bad Gateway" readable.
std::string strip_html_tags(std::string_view html);

}  // namespace oss::omni
