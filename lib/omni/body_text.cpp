#include "omni/body_text.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "model/text_escape.hpp"

namespace oss::omni {

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

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
    i += model::append_escaped_character(out, text, i, /*inside_quotes=*/false);
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
