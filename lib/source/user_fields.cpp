#include "source/user_fields.hpp"

#include "model/text_escape.hpp"
#include "model/user.hpp"

namespace oss::source {

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
  // The value is untrusted: escaped (model/text_escape.hpp), so a message quoting it stays one honest line.
  if (text.size() <= kLimit) return model::quoted(text);
  std::size_t cut = kLimit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep whole characters
  std::string shown = model::quoted(text.substr(0, cut));
  shown.insert(shown.size() - 1, "...");
  return shown;
}

}  // namespace oss::source
