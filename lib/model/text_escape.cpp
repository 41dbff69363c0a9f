#include "model/text_escape.hpp"

#include <cstdio>

#include "model/utf8.hpp"

namespace oss::model {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_byte_escape(std::string& out, unsigned char byte) {
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

// \u{9b}, \u{202e}: a code point, so never mistaken for the raw byte \x9b.
void append_code_point_escape(std::string& out, char32_t c) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "\\u{%02x}", static_cast<unsigned>(c));
  out += digits;
}

}  // namespace

std::size_t append_escaped_character(std::string& out, std::string_view text, std::size_t at, bool inside_quotes) {
  const char c = text[at];
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x80) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (byte < 0x20 || byte == 0x7f) append_byte_escape(out, byte);
    else if (inside_quotes && (c == '"' || c == '\\')) (out += '\\') += c;
    else out += c;
    return 1;
  }
  const Utf8Sequence sequence = decode_utf8(text, at);
  if (sequence.length == 0) {
    append_byte_escape(out, byte);
    return 1;
  }
  if (is_control_or_bidi(sequence.code_point)) append_code_point_escape(out, sequence.code_point);
  else out.append(text.substr(at, sequence.length));
  return sequence.length;
}

namespace {

void append_escaped(std::string& out, std::string_view text, bool inside_quotes) {
  for (std::size_t at = 0; at < text.size();) at += append_escaped_character(out, text, at, inside_quotes);
}

}  // namespace

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  append_escaped(out, text, true);
  out += '"';
}

void append_without_controls(std::string& out, std::string_view text) {
  if (is_printable_text(text)) out += text;
  else append_escaped(out, text, false);
}

std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_quoted(out, text);
  return out;
}

std::string without_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_without_controls(out, text);
  return out;
}

bool is_printable_text(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) return false;
      ++at;
      continue;
    }
    const Utf8Sequence sequence = decode_utf8(text, at);
    if (sequence.length == 0 || is_control_or_bidi(sequence.code_point)) return false;
    at += sequence.length;
  }
  return true;
}

}  // namespace oss::model
