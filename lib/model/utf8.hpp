#pragma once
// Decoding one UTF-8 sequence (RFC 3629 table): the single decoder behind the source's text check, the escaping
// of untrusted text (model/text_escape.hpp) and the JSON log's repair of bad bytes.
#include <cstddef>
#include <string_view>

namespace oss::model {

struct Utf8Sequence {
  std::size_t length = 0;  // 0: the bytes at `at` are not valid UTF-8
  char32_t code_point = 0;
};

// The sequence starting at text[at] (at < text.size()). Overlong forms, UTF-16 surrogates, code points above
// U+10FFFF and cut-off sequences are not valid. Inline: the source check runs it on every non-ASCII character.
inline Utf8Sequence decode_utf8(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {1, lead};
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return {};  // a continuation byte on its own, an overlong 2-byte lead (C0/C1), or F5..FF
  }
  if (length > text.size() - at) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[at + k]);
    if ((byte & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF) return {};
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return {};  // UTF-16 surrogates are not characters
  return {length, code_point};
}

}  // namespace oss::model
