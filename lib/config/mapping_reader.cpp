#include "config/mapping_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "config/closest_key.hpp"
#include "config/config_error.hpp"

namespace oss::config {
namespace {

constexpr std::size_t kMaxQuotedLength = 60;

std::string integer_description(IntegerRange range) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  if (range.max == kMax) {
    if (range.min == 0) return "a non-negative integer";
    if (range.min == 1) return "a positive integer";
    if (range.min != kMin) return fmt::format("an integer of at least {}", range.min);
    return "an integer";
  }
  if (range.min == kMin) return fmt::format("an integer of at most {}", range.max);
  return fmt::format("an integer from {} to {}", range.min, range.max);
}

std::string number_description(NumberRange range) {
  const bool has_min = range.min != -std::numeric_limits<double>::max();
  const bool has_max = range.max != std::numeric_limits<double>::max();
  if (has_min && has_max && !range.min_exclusive) return fmt::format("a number from {} to {}", range.min, range.max);
  std::string text = "a number";
  if (has_min) text += fmt::format("{} {}", range.min_exclusive ? " greater than" : " of at least", range.min);
  if (has_min && has_max) text += " and";
  if (has_max) text += fmt::format(" at most {}", range.max);
  return text;
}

}  // namespace

std::filesystem::path Document::resolve(const std::filesystem::path& path) const {
  if (path.is_absolute()) return path;
  return (folder / path).lexically_normal();
}

std::string describe_found(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: {
      std::string text = node.Scalar();
      if (text.size() > kMaxQuotedLength) text = text.substr(0, kMaxQuotedLength) + "...";
      return fmt::format("{:?}", text);
    }
    default: return "nothing";
  }
}

void fail_at(const Document& document, const YAML::Mark& mark, std::string key_path, std::string message) {
  // yaml-cpp counts from 0 and uses -1 for "no position"; editors count from 1.
  const int line = mark.is_null() ? 0 : mark.line + 1;
  const int column = mark.is_null() ? 0 : mark.column + 1;
  throw ConfigError(document.file, std::move(key_path), line, column, std::move(message));
}

MappingReader MappingReader::root(const YAML::Node& node, const Document& document) {
  if (!node.IsDefined() || node.IsNull())
    fail_at(document, YAML::Mark::null_mark(), "", "the file is empty (expected a mapping with at least omni: and source:)");
  if (!node.IsMap())
    fail_at(document, node.Mark(), "", "expected a mapping of keys at the top level, got " + describe_found(node));
  return MappingReader(node, "", node.Mark(), document);
}

MappingReader::MappingReader(const YAML::Node& node, std::string key_path, YAML::Mark where,
                             const Document& document)
    : document_(&document), key_path_(std::move(key_path)), where_(where) {
  if (!node.IsDefined() || node.IsNull()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    // A copy, not a reference: yaml-cpp's iterator hands out a temporary proxy, and a reference to its `first`
    // dangles at the end of this statement (AddressSanitizer: stack-use-after-scope, found by fuzz_config_loader).
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar())
      fail_at(document, key_node.Mark(), key_path_, "expected a plain key, got " + describe_found(key_node));
    const std::string& key = key_node.Scalar();
    // yaml-cpp keeps both copies of a repeated key and reads the first: say so rather than guess.
    for (const auto& earlier : entries_)
      if (earlier.key == key)
        fail_at(document, key_node.Mark(), path_of(key),
                fmt::format("duplicate key (first given at line {})", earlier.key_node.Mark().line + 1));
    entries_.push_back(Entry{key, key_node, it->second});
  }
}

const MappingReader::Entry* MappingReader::find(std::string_view key) {
  if (std::find(read_keys_.begin(), read_keys_.end(), key) == read_keys_.end()) read_keys_.emplace_back(key);
  for (const auto& entry : entries_)
    if (entry.key == key) return &entry;
  return nullptr;
}

std::string MappingReader::path_of(std::string_view key) const {
  return key_path_.empty() ? std::string(key) : key_path_ + "." + std::string(key);
}

bool MappingReader::has(std::string_view key) { return find(key) != nullptr; }

void MappingReader::fail(std::string_view key, const std::string& message) const {
  for (const auto& entry : entries_) {
    if (entry.key != key) continue;
    // An empty value has no useful position of its own (yaml-cpp points at the next line): use the key's.
    const bool empty = !entry.value.IsDefined() || entry.value.IsNull();
    fail_at(*document_, empty ? entry.key_node.Mark() : entry.value.Mark(), path_of(key), message);
  }
  fail_at(*document_, where_, path_of(key), message);
}

void MappingReader::fail_type(std::string_view key, std::string_view expected) const {
  for (const auto& entry : entries_)
    if (entry.key == key) fail(key, fmt::format("expected {}, got {}", expected, describe_found(entry.value)));
  fail_missing(key, fmt::format("required key is missing (expected {})", expected));
}

void MappingReader::fail_missing(std::string_view key, const std::string& message) const {
  std::vector<std::string> present;
  for (const auto& entry : entries_) present.push_back(entry.key);
  if (auto typo = closest_key(key, present)) {
    for (const auto& entry : entries_)
      if (entry.key == *typo)
        fail_at(*document_, entry.key_node.Mark(), path_of(key),
                fmt::format("{}; is {:?} a misspelling of {}?", message, *typo, key));
  }
  fail_at(*document_, where_, path_of(key), message);
}

std::string MappingReader::scalar_text(std::string_view key, std::string_view expected) {
  const Entry* entry = find(key);
  if (entry == nullptr || !entry->value.IsScalar()) fail_type(key, expected);
  return entry->value.Scalar();
}

MappingReader MappingReader::section(std::string_view key) {
  const Entry* entry = find(key);
  if (entry == nullptr) return MappingReader(YAML::Node(), path_of(key), where_, *document_);
  if (entry->value.IsNull()) return MappingReader(entry->value, path_of(key), entry->key_node.Mark(), *document_);
  if (!entry->value.IsMap()) fail_type(key, "a mapping");
  return MappingReader(entry->value, path_of(key), entry->value.Mark(), *document_);
}

std::string MappingReader::string(std::string_view key, std::string fallback) {
  const Entry* entry = find(key);
  if (entry == nullptr) return fallback;
  if (entry->value.IsNull()) return "";  // `key:` with nothing after it; callers that need text say so
  if (!entry->value.IsScalar()) fail_type(key, "a string");
  return entry->value.Scalar();
}

std::string MappingReader::required_string(std::string_view key) {
  const Entry* entry = find(key);
  if (entry == nullptr || entry->value.IsNull()) fail_type(key, "a string");
  std::string text = string(key, "");
  if (text.empty()) fail(key, "must not be empty");
  return text;
}

std::int64_t MappingReader::integer(std::string_view key, std::int64_t fallback, IntegerRange range) {
  if (!has(key)) return fallback;
  const std::string expected = integer_description(range);
  const std::string text = scalar_text(key, expected);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < range.min || value > range.max)
    fail_type(key, expected);
  return value;
}

double MappingReader::number(std::string_view key, double fallback, NumberRange range) {
  if (!has(key)) return fallback;
  const std::string expected = number_description(range);
  const std::string text = scalar_text(key, expected);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool below = range.min_exclusive ? value <= range.min : value < range.min;
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || below ||
      value > range.max)
    fail_type(key, expected);
  return value;
}

bool MappingReader::boolean(std::string_view key, bool fallback) {
  if (!has(key)) return fallback;
  const YAML::Node value = find(key)->value;
  bool result = false;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result)) fail_type(key, "true or false");
  return result;
}

std::vector<std::string> MappingReader::string_list(std::string_view key) {
  const Entry* entry = find(key);
  if (entry == nullptr) return {};
  if (entry->value.IsNull()) return {};
  if (!entry->value.IsSequence()) fail_type(key, "a list of strings");
  std::vector<std::string> items;
  for (std::size_t i = 0; i < entry->value.size(); ++i) {
    const YAML::Node item = entry->value[i];
    if (!item.IsScalar() || item.Scalar().empty())
      fail_at(*document_, item.Mark(), fmt::format("{}[{}]", path_of(key), i),
              "expected a non-empty string, got " + describe_found(item));
    items.push_back(item.Scalar());
  }
  return items;
}

std::map<std::string, std::string> MappingReader::string_map(
    std::string_view key, const std::function<std::optional<std::string>(std::string_view)>& check_key) {
  const Entry* entry = find(key);
  if (entry == nullptr || entry->value.IsNull()) return {};
  if (!entry->value.IsMap()) fail_type(key, "a mapping");
  std::map<std::string, std::string> result;
  for (auto it = entry->value.begin(); it != entry->value.end(); ++it) {
    // Copies: the iterator's -> yields a temporary pair, so references into it dangle (found by fuzz_config_loader).
    const YAML::Node name = it->first;
    const YAML::Node value = it->second;
    if (!name.IsScalar()) fail_at(*document_, name.Mark(), path_of(key), "expected a plain key, got " + describe_found(name));
    const std::string item_path = path_of(key) + "." + name.Scalar();
    if (auto problem = check_key(name.Scalar())) fail_at(*document_, name.Mark(), item_path, *problem);
    if (result.count(name.Scalar()) != 0) fail_at(*document_, name.Mark(), item_path, "duplicate key");
    if (!value.IsScalar() || value.Scalar().empty())
      fail_at(*document_, value.IsNull() ? name.Mark() : value.Mark(), item_path,
              "expected a non-empty string, got " + describe_found(value));
    result.emplace(name.Scalar(), value.Scalar());
  }
  return result;
}

std::map<std::string, bool> MappingReader::boolean_map(
    std::string_view key, const std::function<std::string(std::string_view)>& same_word) {
  const Entry* entry = find(key);
  if (entry == nullptr || entry->value.IsNull()) return {};
  if (!entry->value.IsMap()) fail_type(key, "a mapping");
  std::map<std::string, bool> result;
  std::map<std::string, YAML::Node> seen;  // same_word form -> the key that has it
  for (auto it = entry->value.begin(); it != entry->value.end(); ++it) {
    // Copies: the iterator's -> yields a temporary pair, so references into it dangle (found by fuzz_config_loader).
    const YAML::Node name = it->first;
    const YAML::Node value = it->second;
    if (!name.IsScalar()) fail_at(*document_, name.Mark(), path_of(key), "expected a plain key, got " + describe_found(name));
    const std::string item_path = path_of(key) + "." + name.Scalar();
    const auto [first, inserted] = seen.emplace(same_word(name.Scalar()), name);
    if (!inserted)
      fail_at(*document_, name.Mark(), item_path,
              fmt::format("the same key as {:?} (line {}): keys are matched ignoring case and surrounding spaces",
                          first->second.Scalar(), first->second.Mark().line + 1));
    bool flag = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, flag))
      fail_at(*document_, value.IsNull() ? name.Mark() : value.Mark(), item_path,
              "expected true or false, got " + describe_found(value));
    result.emplace(name.Scalar(), flag);
  }
  return result;
}

std::filesystem::path MappingReader::path(std::string_view key, const std::filesystem::path& fallback) {
  if (!has(key)) return fallback;
  const std::string text = string(key, "");
  if (text.empty()) fail_type(key, "a path");
  return document_->resolve(text);
}

std::filesystem::path MappingReader::required_path(std::string_view key) {
  return document_->resolve(required_string(key));
}

std::string MappingReader::describe_choices(const std::vector<std::string>& words) {
  std::string text = "one of ";
  for (std::size_t i = 0; i < words.size(); ++i) text += (i == 0 ? "" : ", ") + words[i];
  return text;
}

void MappingReader::fail_choice(std::string_view key, const std::string& typed, const std::vector<std::string>& words) const {
  std::string message = fmt::format("expected {}, got {:?}", describe_choices(words), typed);
  if (auto suggestion = closest_key(typed, words)) message += fmt::format(" (did you mean {}?)", *suggestion);
  fail(key, message);
}

void MappingReader::finish() const {
  for (const auto& entry : entries_) {
    if (std::find(read_keys_.begin(), read_keys_.end(), entry.key) != read_keys_.end()) continue;
    std::string message = fmt::format("unknown key {:?}", entry.key);
    if (auto suggestion = closest_key(entry.key, read_keys_))
      message += fmt::format(" (did you mean {}?)", *suggestion);
    else
      message += fmt::format(" (known keys here: {})", fmt::join(read_keys_, ", "));
    fail_at(*document_, entry.key_node.Mark(), path_of(entry.key), message);
  }
}

}  // namespace oss::config
