#include "source/record_fields.hpp"

#include <algorithm>

#include "source/text_check.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

bool is_record_key(std::string_view key) {
  return key == kUserNameKey || key == kDisplayNameKey || key == kActiveKey || key == kAttributesKey ||
         key == kGroupsKey;
}

bool is_clean_text(std::string_view value, const std::string& field, const std::string& file, std::size_t line,
                   std::vector<snapshot::SourceError>& errors) {
  const auto issue = find_text_issue(value);
  if (issue) errors.push_back({file, line, field, describe(*issue)});
  return !issue;
}

void add_record(RecordFields fields, const std::string& file, std::size_t line, SnapshotBuilder& builder) {
  builder.note_active_status(fields.has_active_field);
  std::optional<std::string_view> user_name;
  const bool user_name_reported = std::any_of(fields.errors.begin(), fields.errors.end(),
                                              [](const snapshot::SourceError& e) { return e.field == kUserNameKey; });
  if (!fields.user_name) {
    if (!user_name_reported)
      fields.errors.push_back({file, line, std::string(kUserNameKey), "missing (every record needs a userName)"});
  } else if (user_name = checked_user_name(*fields.user_name); !user_name) {
    fields.errors.push_back(
        {file, line, std::string(kUserNameKey), "not an email address: " + quoted_excerpt(*fields.user_name)});
  }
  if (!fields.errors.empty()) {
    for (auto& error : fields.errors) builder.reject(std::move(error));
    return;
  }
  model::User user;
  user.user_name = *user_name;
  user.display_name = display_name_or_default(fields.display_name.value_or(""), *user_name);
  user.active = fields.active.value_or(true);  // without an active field, everyone listed is active
  user.attributes = std::move(fields.attributes);
  user.groups = std::move(fields.groups);
  builder.add(std::move(user), line);
}

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace oss::source
