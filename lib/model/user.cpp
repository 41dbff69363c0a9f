#include "model/user.hpp"

#include <algorithm>

namespace oss::model {

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string normalise_user_name(std::string_view user_name) {
  std::string key(trim(user_name));
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return key;
}

bool looks_like_email(std::string_view text) {
  if (text.empty() || text.size() > 320) return false;
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == ',' || c == '<' || c == '>') return false;
  }
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && domain.back() != '.';
}

}  // namespace oss::model
