#include "omni/body_text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace oss::omni {

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of the valid UTF-8 sequence starting at text[i], or 0 when the bytes there are not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;   // overlong
    if (lead == 0xED) max_second = 0x9F;   // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;   // overlong
    if (lead == 0xF4) max_second = 0x8F;   // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

void append_hex_escape(std::string& out, unsigned char c) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0x0F];
}

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = text[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

// Index just past the matching "</name...>", or the end of the text.
std::size_t skip_element_body(std::string_view html, std::size_t from, std::string_view closing) {
  for (std::size_t i = from; i < html.size(); ++i) {
    if (html[i] == '<' && starts_with_ci(html, i, closing)) {
      const auto close = html.find('>', i);
      return close == std::string_view::npos ? html.size() : close + 1;
    }
  }
  return html.size();
}

}  // namespace

std::string readable_excerpt(std::string_view text, std::size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit) + 8);
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_space(c)) {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (out.size() >= limit) {
      out += "...";
      return out;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    if (c < 0x20 || c == 0x7F) {
      append_hex_escape(out, c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else if (const auto length = utf8_sequence_length(text, i); length > 0) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      append_hex_escape(out, c);
      ++i;
    }
  }
  return out;
}

std::string strip_html_tags(std::string_view html) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kEntities{{
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}}};
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const bool script = starts_with_ci(html, i, "<script");
      const bool style = starts_with_ci(html, i, "<style");
      const auto close = html.find('>', i);
      if (close == std::string_view::npos) break;   // a cut-off tag carries no text
      i = close + 1;
      if (script) i = skip_element_body(html, i, "</script");
      if (style) i = skip_element_body(html, i, "</style");
      out += ' ';   // tags separate words: "<td>a</td><td>b</td>" reads "a b"
      continue;
    }
    if (c == '&') {
      bool decoded = false;
      for (const auto& [entity, replacement] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out += replacement;
          i += entity.size();
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace oss::omni
