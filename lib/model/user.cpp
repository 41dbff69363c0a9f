#include "model/user.hpp"

#include <algorithm>
#include <array>

namespace oss::model {

std::string_view trim_spaces(std::string_view text) {
  std::size_t first = 0, end = text.size();
  while (first < end && is_ascii_space(text[first])) ++first;
  while (end > first && is_ascii_space(text[end - 1])) --end;
  return text.substr(first, end - first);
}

std::string normalise_user_name(std::string_view user_name) {
  std::string key(trim(user_name));
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return key;
}

namespace {

// The bytes no userName may hold: controls, the space, DEL, and what would break a quoted or listed address.
constexpr std::array<bool, 256> kForbiddenInEmail = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c <= 0x20; ++c) table[c] = true;
  for (const char c : {'\x7f', '"', ',', '<', '>'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

}  // namespace

bool looks_like_email(std::string_view text) {
  if (text.empty() || text.size() > 320) return false;
  // A table lookup per byte rather than six comparisons: this runs for every row of a source.
  for (const char c : text)
    if (kForbiddenInEmail[static_cast<unsigned char>(c)]) return false;
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && domain.back() != '.';
}

}  // namespace oss::model
