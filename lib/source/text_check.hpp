#pragma once
// Every field a source hands on must be clean UTF-8 text: Omni stores it, and a stray byte would be sent as is.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace oss::source {

enum class TextProblem {
  invalid_utf8,     // a malformed, overlong or surrogate sequence, or a code point above U+10FFFF
  nul_byte,         // U+0000: a binary file, or UTF-16 read as UTF-8
  byte_order_mark,  // U+FEFF inside the text: usually two files joined together
  too_long,         // more than kMaxFieldBytes: a lost quote swallowing the file, not a name
};

// No field Omni stores comes near this; a field past it would be sent (and logged) whole.
inline constexpr std::size_t kMaxFieldBytes = 64 * 1024;

struct TextIssue {
  TextProblem problem;
  std::size_t offset;  // byte offset of the offending sequence in the text
};

// The first problem in `text`, if any. ASCII runs are checked eight bytes at a time: this runs on every field
// of every row, so it must cost little next to the tokenizer.
std::optional<TextIssue> find_text_issue(std::string_view text);

// True when no byte of `text` is NUL or beyond ASCII, so that find_text_issue finds nothing in any part of it
// shorter than kMaxFieldBytes: one pass over a whole CSV row can then stand for a check of each of its fields.
bool is_plain_ascii(std::string_view text);

// "invalid UTF-8 at byte 4", "NUL byte at byte 0", ... (bytes counted from 1 for people).
std::string describe(const TextIssue& issue);

}  // namespace oss::source
