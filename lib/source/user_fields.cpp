#include "source/user_fields.hpp"

#include <algorithm>
#include <array>

#include "model/user.hpp"

namespace oss::source {

namespace {
bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}
}  // namespace

std::optional<bool> parse_active(std::string_view text) {
  // The spellings nearly every file uses, settled before the general rule below.
  if (text == "true") return true;
  if (text == "false") return false;
  text = model::trim(text);
  if (text.empty()) return true;
  static constexpr std::array<std::string_view, 3> kTrue = {"true", "yes", "1"};
  static constexpr std::array<std::string_view, 3> kFalse = {"false", "no", "0"};
  for (auto word : kTrue)
    if (equals_ignoring_case(text, word)) return true;
  for (auto word : kFalse)
    if (equals_ignoring_case(text, word)) return false;
  return std::nullopt;
}

std::optional<std::string_view> checked_user_name(std::string_view text) {
  const auto trimmed = model::trim(text);
  if (!model::looks_like_email(trimmed)) return std::nullopt;
  return trimmed;
}

std::string display_name_or_default(std::string_view display_name, std::string_view user_name) {
  const auto trimmed = model::trim(display_name);
  if (!trimmed.empty()) return std::string(trimmed);
  return std::string(user_name.substr(0, user_name.find('@')));
}

std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t kLimit = 60;
  if (text.size() <= kLimit) return '"' + std::string(text) + '"';
  std::size_t cut = kLimit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep whole characters
  return '"' + std::string(text.substr(0, cut)) + "...\"";
}

}  // namespace oss::source
