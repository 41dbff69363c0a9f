#include "model/user.hpp"

#include <algorithm>
#include <array>

#include "model/text_escape.hpp"
#include "model/utf8.hpp"

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

enum class EmailByte : unsigned char { allowed, forbidden, check_character };

// The bytes no userName may hold: controls, the space, DEL, and what would break a quoted or listed address.
// The lead bytes of the C1 controls (C2) and of the bidi controls (D8, E2) send the check to the whole character.
constexpr std::array<EmailByte, 256> kEmailBytes = [] {
  std::array<EmailByte, 256> table{};
  for (int c = 0; c <= 0x20; ++c) table[c] = EmailByte::forbidden;
  for (const char c : {'\x7f', '"', ',', '<', '>'}) table[static_cast<unsigned char>(c)] = EmailByte::forbidden;
  for (const unsigned char lead : {0xC2, 0xD8, 0xE2}) table[lead] = EmailByte::check_character;
  return table;
}();

}  // namespace

bool looks_like_email(std::string_view text) {
  if (text.empty() || text.size() > 320) return false;
  // A table lookup per byte rather than six comparisons: this runs for every row of a source.
  for (std::size_t i = 0; i < text.size(); ++i) {
    switch (kEmailBytes[static_cast<unsigned char>(text[i])]) {
      case EmailByte::allowed: break;
      case EmailByte::forbidden: return false;
      // Refused, not escaped: a userName is who a person is at Omni. U+202E would make Omni's user list and every
      // other tool show an address other than the one stored ("moc.elpmaxe@..."), and a C1 control acts on a
      // terminal; no real mailbox needs either. Escaping would protect only our own output.
      case EmailByte::check_character:  // (a broken sequence decodes to U+0000: refused as well)
        if (is_control_or_bidi(decode_utf8(text, i).code_point)) return false;
        break;
    }
  }
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = text.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && domain.back() != '.';
}

}  // namespace oss::model
