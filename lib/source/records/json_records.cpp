#include "source/records/json_records.hpp"

#include <boost/json.hpp>

#include "source/group_names.hpp"
#include "source/record_fields.hpp"
#include "source/source_failure.hpp"
#include "source/user_fields.hpp"
#include "source/value_budget.hpp"

namespace oss::source {

namespace json = boost::json;

namespace {

// A value as it appears in a message, cut short: a whole nested record would drown the message.
std::string shown(const json::value& value) {
  constexpr std::size_t kLimit = 60;
  std::string text = json::serialize(value);
  if (text.size() > kLimit) text = text.substr(0, kLimit) + "...";
  return text;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The line where each record starts: the root object, or each element of the root array. Only called on text that
// parsed, so strings, escapes and nesting are well formed.
std::vector<std::size_t> record_lines(std::string_view text) {
  std::vector<std::size_t> lines;
  std::size_t line = 1;
  int depth = 0;
  bool in_string = false;
  bool awaiting_element = false;  // inside the root array, after '[' or ','
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') ++i;  // an escape never hides a line break: JSON strings cannot hold a raw one
      else if (c == '"') in_string = false;
      continue;
    }
    if (is_space(c)) continue;
    if (depth == 0 && c == '{') lines.push_back(line);  // the root is a single record
    if (depth == 1 && awaiting_element && c != ']') {
      lines.push_back(line);
      awaiting_element = false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (depth == 0 && c == '[') awaiting_element = true;
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 1) {
      awaiting_element = true;
    }
  }
  return lines;
}

class RecordConverter {
 public:
  // Every value visited is counted in `budget`, which throws once the record or file passes its caps.
  RecordConverter(const std::string& file, std::size_t line, const ActiveWords& active_words, ValueBudget& budget)
      : file_(file), line_(line), active_words_(active_words), budget_(budget) {}

  RecordFields convert(const json::object& record) {
    budget_.begin_record();
    for (const auto& [key_view, value] : record) {
      const std::string key(key_view);
      budget_.count_value(line_, key);
      if (!is_record_key(key)) {
        error(key, std::string(kUnknownKeyMessage));
      } else if (key == kUserNameKey) {
        fields_.user_name = text(key, value);
      } else if (key == kDisplayNameKey) {
        if (!value.is_null()) fields_.display_name = text(key, value);
      } else if (key == kActiveKey) {
        active(key, value);
      } else if (key == kGroupsKey) {
        groups(key, value);
      } else {
        attributes(value);
      }
    }
    return std::move(fields_);
  }

 private:
  void error(const std::string& field, std::string message) {
    fields_.errors.push_back({file_, line_, field, std::move(message)});
  }

  std::optional<std::string> text(const std::string& key, const json::value& value) {
    if (!value.is_string()) {
      error(key, "expected a string, got " + shown(value));
      return std::nullopt;
    }
    const std::string_view view = value.get_string();
    if (!is_clean_text(view, key, file_, line_, fields_.errors)) return std::nullopt;
    return std::string(view);
  }

  // true/false as they are; a string (an HR status word) and null (a blank status) through the active words.
  void active(const std::string& key, const json::value& value) {
    fields_.has_active_field = true;
    if (value.is_bool()) {
      fields_.active = value.get_bool();
      return;
    }
    if (!value.is_string() && !value.is_null())
      return error(key, "expected true, false or a status word (a string), got " + shown(value));
    const std::string_view text = value.is_string() ? std::string_view(value.get_string()) : std::string_view();
    fields_.active = active_words_.parse(text);
    if (!fields_.active) error(key, active_words_.rejection(text));
  }

  void groups(const std::string& key, const json::value& value) {
    if (value.is_null()) return;
    if (!value.is_array()) return error(key, std::string(kGroupsExpected) + ", got " + shown(value));
    budget_.check_list(value.get_array().size(), line_, key);
    for (const auto& name : value.get_array()) {
      budget_.count_value(line_, key);
      if (const auto text = this->text(key, name)) add_group_name(fields_.groups, *text);
    }
  }

  std::optional<model::AttributeScalar> scalar(const std::string& field, const json::value& value) {
    switch (value.kind()) {
      case json::kind::string: {
        const std::string_view view = value.get_string();
        if (!is_clean_text(view, field, file_, line_, fields_.errors)) return std::nullopt;
        return std::string(view);
      }
      case json::kind::int64: return static_cast<double>(value.get_int64());
      case json::kind::uint64: return static_cast<double>(value.get_uint64());
      case json::kind::double_: return value.get_double();
      case json::kind::bool_: return value.get_bool();
      default:
        error(field, std::string(kAttributeValueExpected) + ", got " + shown(value));
        return std::nullopt;
    }
  }

  void attributes(const json::value& value) {
    if (value.is_null()) return;
    if (!value.is_object()) {
      error(std::string(kAttributesKey), "expected an object of reference: value, got " + shown(value));
      return;
    }
    for (const auto& [reference, item] : value.get_object()) {
      const std::string field = std::string(kAttributePrefix) + std::string(reference);
      budget_.count_attribute(line_, field);
      budget_.count_value(line_, field);
      if (reference.empty()) {
        error(field, "an attribute reference cannot be empty");
      } else if (item.is_null()) {
        continue;  // null: not set
      } else if (item.is_array()) {
        budget_.check_list(item.get_array().size(), line_, field);
        model::AttributeList list;
        bool valid = true;
        for (const auto& element : item.get_array()) {
          budget_.count_value(line_, field);
          auto converted = scalar(field, element);
          valid = valid && converted.has_value();
          if (converted) list.push_back(std::move(*converted));
        }
        if (valid) fields_.attributes.set(std::string(reference), std::move(list));
      } else if (auto converted = scalar(field, item)) {
        // The name is captured by value: clang before 16 cannot capture a structured binding (the fuzz build).
        std::visit([this, name = std::string(reference)](auto&& v) { fields_.attributes.set(name, std::move(v)); },
                   *converted);
      }
    }
  }

  const std::string& file_;
  const std::size_t line_;
  const ActiveWords& active_words_;
  ValueBudget& budget_;
  RecordFields fields_;
};

}  // namespace

void read_json_records(std::string_view text, const std::string& file, const ActiveWords& active_words,
                       SnapshotBuilder& builder) {
  builder.begin_file(file);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // some editors write one; JSON does not allow it
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw SourceFailure(snapshot::SourceError{file, 0, "", "the file is empty: expected a user record or a list"});

  json::parser parser;
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) {
    const std::size_t line = line_of_offset(text, consumed);
    const std::size_t line_start = text.rfind('\n', consumed == 0 ? 0 : consumed - 1);
    const std::size_t column = line_start == std::string_view::npos ? consumed + 1 : consumed - line_start;
    throw SourceFailure(snapshot::SourceError{
        file, line, "", "invalid JSON at column " + std::to_string(column) + ": " + ec.message()});
  }
  const json::value root = parser.release();
  const auto lines = record_lines(text);

  std::vector<const json::value*> records;
  if (root.is_object()) {
    records.push_back(&root);
  } else if (root.is_array()) {
    for (const auto& element : root.get_array()) records.push_back(&element);
  } else {
    throw SourceFailure(
        snapshot::SourceError{file, 1, "", "expected a user record (an object) or a list of them"});
  }
  ValueBudget budget(file, builder);
  for (std::size_t i = 0; i < records.size() && !builder.should_stop(); ++i) {
    const std::size_t line = i < lines.size() ? lines[i] : 0;
    if (!records[i]->is_object()) {
      builder.reject({file, line, "", "record " + std::to_string(i + 1) + " is not an object: " +
                                          shown(*records[i])});
      continue;
    }
    add_record(RecordConverter(file, line, active_words, budget).convert(records[i]->get_object()), file, line, builder);
  }
}

}  // namespace oss::source
