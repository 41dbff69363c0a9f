#pragma once
// What JSON and YAML records share once their values are converted: the allowed keys and the checks that turn
// a record into a user.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.hpp"
#include "snapshot/snapshot.hpp"
#include "source/snapshot_builder.hpp"

namespace oss::source {

// A record's values, converted from JSON or YAML but not yet checked.
struct RecordFields {
  std::optional<std::string> user_name;
  std::optional<std::string> display_name;
  std::optional<bool> active;
  bool has_active_field = false;  // the record has an active key (whatever its value): it states who is active
  model::Attributes attributes;
  std::vector<std::string> groups;
  std::vector<snapshot::SourceError> errors;  // type errors found while converting
};

bool is_record_key(std::string_view key);
// The message for any other key.
inline constexpr std::string_view kUnknownKeyMessage =
    "unknown key (a record has userName, displayName, active, attributes and groups)";
inline constexpr std::string_view kGroupsExpected = "expected a list of group names";
inline constexpr std::string_view kAttributeValueExpected =
    "expected a string, a number, true/false or a list of those";

// Text values must be clean UTF-8 without NUL or a byte order mark, as in CSV: false (and an error added) if not.
bool is_clean_text(std::string_view value, const std::string& field, const std::string& file, std::size_t line,
                   std::vector<snapshot::SourceError>& errors);

// Checks the record (userName present and an email; displayName defaulted) and hands the user, or its errors,
// to `builder`.
void add_record(RecordFields fields, const std::string& file, std::size_t line, SnapshotBuilder& builder);

// Messages are `file:line: ...`; JSON syntax errors come as a byte offset.
std::size_t line_of_offset(std::string_view text, std::size_t offset);

}  // namespace oss::source
