#include "source/records/yaml_records.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "source/group_names.hpp"
#include "source/record_fields.hpp"
#include "source/source_failure.hpp"
#include "source/user_fields.hpp"
#include "source/value_budget.hpp"
#include "source/records/yaml_documents.hpp"

namespace oss::source {

namespace {

// yaml-cpp counts lines from 0, and -1 when it has no position.
std::size_t line_of(const YAML::Mark& mark) { return mark.line < 0 ? 0 : static_cast<std::size_t>(mark.line) + 1; }
std::size_t line_of(const YAML::Node& node) { return line_of(node.Mark()); }

// yaml-cpp tags a quoted scalar "!" and a plain one "?": only plain scalars get a type other than string.
bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

std::optional<bool> yaml_bool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

// Decimal integers and floats (YAML 1.2 core); anything else, "0x1F" or "1_000" included, stays a string.
std::optional<double> yaml_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  const bool starts_like_number = !text.empty() && (std::isdigit(static_cast<unsigned char>(text.front())) ||
                                                    ((text.front() == '-' || text.front() == '.') && text.size() > 1));
  if (!starts_like_number) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string shown(const YAML::Node& node) {
  constexpr std::size_t kLimit = 60;
  YAML::Emitter emitter;
  emitter.SetMapFormat(YAML::Flow);
  emitter.SetSeqFormat(YAML::Flow);
  emitter << node;
  std::string text = emitter.c_str();
  if (text.size() > kLimit) text = text.substr(0, kLimit) + "...";
  return text;
}

class RecordConverter {
 public:
  // Every value visited is counted in `budget`, which throws once the record or file passes its caps.
  RecordConverter(const std::string& file, const ActiveWords& active_words, ValueBudget& budget)
      : file_(file), active_words_(active_words), budget_(budget) {}

  RecordFields convert(const YAML::Node& record) {
    budget_.begin_record();
    for (const auto& entry : record) {
      const YAML::Node& value = entry.second;
      budget_.count_value(line_of(entry.first),
                          entry.first.IsScalar() ? std::string_view(entry.first.Scalar()) : std::string_view());
      if (!entry.first.IsScalar()) {
        error(entry.first, "", "a key must be a plain name");
        continue;
      }
      const std::string key = entry.first.Scalar();
      if (!is_record_key(key)) {
        error(entry.first, key, std::string(kUnknownKeyMessage));
      } else if (key == kUserNameKey) {
        fields_.user_name = text(key, value);
      } else if (key == kDisplayNameKey) {
        if (!value.IsNull()) fields_.display_name = text(key, value);
      } else if (key == kActiveKey) {
        active(entry.first, value);
      } else if (key == kGroupsKey) {
        groups(key, line_of(entry.first), value);
      } else {
        attributes(value);
      }
    }
    return std::move(fields_);
  }

 private:
  void error(const YAML::Node& where, const std::string& field, std::string message) {
    fields_.errors.push_back({file_, line_of(where), field, std::move(message)});
  }

  std::optional<std::string> text(const std::string& key, const YAML::Node& value) {
    if (!value.IsScalar()) {
      error(value, key, "expected a string, got " + shown(value));
      return std::nullopt;
    }
    if (!is_clean_text(value.Scalar(), key, file_, line_of(value), fields_.errors)) return std::nullopt;
    return value.Scalar();
  }

  // Errors about the amount name the key's line: an aliased value's own line is where its anchor is.
  void groups(const std::string& key, std::size_t key_line, const YAML::Node& value) {
    if (value.IsNull()) return;
    if (!value.IsSequence()) return error(value, key, std::string(kGroupsExpected) + ", got " + shown(value));
    budget_.check_list(value.size(), key_line, key);
    for (const auto& name : value) {
      budget_.count_value(key_line, key);
      if (const auto text = this->text(key, name)) add_group_name(fields_.groups, *text);
    }
  }

  // A plain true/false as it is; any other scalar is a word read as a CSV column's would be (so a file can move
  // between formats), and null (`active:` with nothing after it) is a blank one.
  void active(const YAML::Node& key, const YAML::Node& value) {
    fields_.has_active_field = true;
    const std::string field(kActiveKey);
    if (value.IsScalar() && is_plain(value)) {
      if (const auto flag = yaml_bool(value.Scalar())) {
        fields_.active = flag;
        return;
      }
    }
    if (!value.IsScalar() && !value.IsNull())
      return error(value, field, "expected true, false or a status word, got " + shown(value));
    const std::string text = value.IsScalar() ? value.Scalar() : std::string();
    fields_.active = active_words_.parse(text);
    // An empty value has no position of its own (yaml-cpp points at the next line): use the key's.
    if (!fields_.active) error(value.IsNull() ? key : value, field, active_words_.rejection(text));
  }

  std::optional<model::AttributeScalar> scalar(const std::string& field, const YAML::Node& value) {
    if (!value.IsScalar()) {
      error(value, field, std::string(kAttributeValueExpected) + ", got " + shown(value));
      return std::nullopt;
    }
    const std::string& text = value.Scalar();
    if (is_plain(value)) {
      if (const auto flag = yaml_bool(text)) return *flag;
      if (const auto number = yaml_number(text)) return *number;
    }
    if (!is_clean_text(text, field, file_, line_of(value), fields_.errors)) return std::nullopt;
    return text;
  }

  void attributes(const YAML::Node& value) {
    if (value.IsNull()) return;
    if (!value.IsMap()) {
      error(value, std::string(kAttributesKey), "expected a map of reference: value, got " + shown(value));
      return;
    }
    for (const auto& entry : value) {
      const std::size_t key_line = line_of(entry.first);
      if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
        budget_.count_value(key_line, kAttributesKey);
        error(entry.first, std::string(kAttributesKey), "an attribute reference must be a non-empty name");
        continue;
      }
      const std::string reference = entry.first.Scalar();
      const std::string field = std::string(kAttributePrefix) + reference;
      budget_.count_attribute(key_line, field);
      budget_.count_value(key_line, field);
      const YAML::Node& item = entry.second;
      if (item.IsNull()) continue;  // null: not set
      if (item.IsSequence()) {
        budget_.check_list(item.size(), key_line, field);
        model::AttributeList list;
        bool valid = true;
        for (const auto& element : item) {
          budget_.count_value(key_line, field);
          auto converted = scalar(field, element);
          valid = valid && converted.has_value();
          if (converted) list.push_back(std::move(*converted));
        }
        if (valid) fields_.attributes.set(reference, std::move(list));
      } else if (auto converted = scalar(field, item)) {
        std::visit([&](auto&& v) { fields_.attributes.set(reference, std::move(v)); }, *converted);
      }
    }
  }

  const std::string& file_;
  const ActiveWords& active_words_;
  ValueBudget& budget_;
  RecordFields fields_;
};

void add_records(const YAML::Node& root, const std::string& file, const ActiveWords& active_words,
                 ValueBudget& budget, SnapshotBuilder& builder) {
  std::vector<YAML::Node> records;
  if (root.IsMap()) {
    records.push_back(root);
  } else if (root.IsSequence()) {
    for (const auto& element : root) records.push_back(element);
  } else {
    throw SourceFailure(snapshot::SourceError{file, line_of(root), "",
                                              "expected a user record (a map) or a list of them"});
  }
  for (std::size_t i = 0; i < records.size() && !builder.should_stop(); ++i) {
    const std::size_t line = line_of(records[i]);
    if (!records[i].IsMap()) {
      builder.reject({file, line, "", "record " + std::to_string(i + 1) + " is not a map: " + shown(records[i])});
      continue;
    }
    add_record(RecordConverter(file, active_words, budget).convert(records[i]), file, line, builder);
  }
}

}  // namespace

void read_yaml_records(std::string_view text, const std::string& file, const ActiveWords& active_words,
                       SnapshotBuilder& builder) {
  builder.begin_file(file);
  std::vector<YAML::Node> documents;
  try {
    documents = load_all_documents(std::string(text));
  } catch (const YAML::Exception& error) {
    throw SourceFailure(snapshot::SourceError{file, line_of(error.mark), "",
                                              "invalid YAML: " + error.msg});
  }
  bool any = false;
  ValueBudget budget(file, builder);
  for (const auto& document : documents) {
    if (document.IsNull()) continue;  // an empty document between `---` lines
    any = true;
    add_records(document, file, active_words, budget, builder);
  }
  if (!any)
    throw SourceFailure(snapshot::SourceError{file, 0, "", "the file is empty: expected a user record or a list"});
}

}  // namespace oss::source
