#include "source/csv/csv_columns.hpp"

#include <algorithm>
#include <cctype>

#include "model/user.hpp"
#include "source/source_failure.hpp"
#include "source/text_check.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

namespace {

bool is_user_field(const std::string& field) {
  if (field == kUserNameKey || field == kDisplayNameKey || field == kActiveKey || field == kGroupsKey) return true;
  return field.size() > kAttributePrefix.size() && field.starts_with(kAttributePrefix);
}

// "email, name, active" — shortened for wide files.
std::string header_summary(const std::vector<std::string>& headers) {
  constexpr std::size_t kShown = 12;
  std::string text;
  for (std::size_t i = 0; i < headers.size() && i < kShown; ++i) {
    if (i) text += ", ";
    text += headers[i].empty() ? std::string("(empty)") : headers[i];
  }
  if (headers.size() > kShown) text += ", ... (" + std::to_string(headers.size()) + " columns)";
  return text;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

// "; did you mean \"Work Email\"? (headers are matched exactly, case included)" when only the case differs.
std::string case_hint(const std::string& name, const std::vector<std::string>& headers) {
  for (const auto& header : headers)
    if (equal_ignoring_case(header, name))
      return "; did you mean \"" + header + "\"? (headers are matched exactly, case included)";
  return "";
}

class ColumnMapper {
 public:
  ColumnMapper(const CsvRecord& header, const SourceOptions& options, const std::string& file)
      : options_(options), file_(file), line_(header.line) {
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      if (const auto issue = find_text_issue(header.fields[i])) {
        fail({file_, line_, "", "header field " + std::to_string(i + 1) + ": " + describe(*issue)});
        columns_.headers.emplace_back();
      } else {
        columns_.headers.emplace_back(model::trim(header.fields[i]));
      }
    }
    columns_.field_count = header.fields.size();
    for (const auto& [field, column] : options_.columns)
      if (!is_user_field(field))
        fail({file_, 0, field,
              "source.columns names an unknown user field (expected userName, displayName, active, groups or "
              "attributes.<reference>)"});
  }

  CsvColumns map() {
    if (!errors_.empty()) throw SourceFailure(std::move(errors_));
    if (const auto index = find(std::string(kUserNameKey), true)) columns_.user_name = *index;
    columns_.display_name = find(std::string(kDisplayNameKey), false);
    columns_.active = find(std::string(kActiveKey), false);
    columns_.groups = find(std::string(kGroupsKey), false);
    map_attributes();
    if (!errors_.empty()) throw SourceFailure(std::move(errors_));
    return std::move(columns_);
  }

 private:
  void fail(snapshot::SourceError error) { errors_.push_back(std::move(error)); }

  // The header feeding `field`: its mapping, or the field's own name.
  const std::string& header_for(const std::string& field) const {
    const auto it = options_.columns.find(field);
    return it != options_.columns.end() ? it->second : field;
  }

  // The column index for `field`; a missing column is an error when the field is required or mapped explicitly.
  std::optional<std::size_t> find(const std::string& field, bool required) {
    const bool mapped = options_.columns.contains(field);
    const std::string& name = header_for(field);
    const auto& headers = columns_.headers;
    const auto it = std::find(headers.begin(), headers.end(), name);
    if (it == headers.end()) {
      if (required || mapped) {
        const std::string why = mapped ? "source.columns maps " + field + " to it"
                                       : field + " is required; source.columns can map it to another header";
        fail({file_, line_, name,
              "not in the header (" + why + "); the header has: " + header_summary(headers) + case_hint(name, headers)});
      }
      return std::nullopt;
    }
    const auto index = static_cast<std::size_t>(it - headers.begin());
    const auto again = std::find(it + 1, headers.end(), name);
    if (again != headers.end()) {
      fail({file_, line_, name,
            "appears twice in the header (columns " + std::to_string(index + 1) + " and " +
                std::to_string(again - headers.begin() + 1) + "), so " + field + " is ambiguous"});
    }
    return index;
  }

  void map_attributes() {
    // Explicit mappings first; then every `attributes.<reference>` header nobody mapped elsewhere.
    for (const auto& [field, column] : options_.columns) {
      if (!field.starts_with(kAttributePrefix)) continue;
      if (const auto index = find(field, true))
        columns_.attributes.push_back({field.substr(kAttributePrefix.size()), *index});
    }
    for (const auto& header : columns_.headers) {
      if (header.size() <= kAttributePrefix.size() || !header.starts_with(kAttributePrefix)) continue;
      if (options_.columns.contains(header)) continue;  // that attribute is read from its mapped column
      const auto reference = header.substr(kAttributePrefix.size());
      const bool known = std::any_of(columns_.attributes.begin(), columns_.attributes.end(),
                                     [&](const CsvColumns::Attribute& a) { return a.reference == reference; });
      if (known) continue;  // a repeated header, already reported by find()
      if (const auto index = find(header, true))
        columns_.attributes.push_back({reference, *index});
    }
    std::sort(columns_.attributes.begin(), columns_.attributes.end(),
              [](const CsvColumns::Attribute& a, const CsvColumns::Attribute& b) { return a.reference < b.reference; });
  }

  const SourceOptions& options_;
  const std::string& file_;
  const std::size_t line_;
  CsvColumns columns_;
  std::vector<snapshot::SourceError> errors_;
};

}  // namespace

CsvColumns map_columns(const CsvRecord& header, const SourceOptions& options, const std::string& file) {
  return ColumnMapper(header, options, file).map();
}

}  // namespace oss::source
