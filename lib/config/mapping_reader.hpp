#pragma once
// The one place that turns a YAML mapping into typed values: every read checks the type and the range, and
// every failure becomes a ConfigError at the right line and column with the full key path. Keys that nobody
// read are reported by finish(), so a typo cannot silently fall back to a default.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oss::config {

// The text being read: its name for messages and its folder for relative paths.
struct Document {
  std::filesystem::path file;
  std::filesystem::path folder;
  // Relative paths resolve against the configuration file's folder, not the working directory.
  [[nodiscard]] std::filesystem::path resolve(const std::filesystem::path& path) const;
};

struct IntegerRange {
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
};

struct NumberRange {
  double min = -std::numeric_limits<double>::max();
  double max = std::numeric_limits<double>::max();
  bool min_exclusive = false;  // "> 0" rather than ">= 0"
};

class MappingReader {
 public:
  // The top level: refuses an empty document and anything that is not a mapping.
  static MappingReader root(const YAML::Node& node, const Document& document);

  // A nested mapping. Absent or empty (`sync:` with everything commented out) reads as an empty mapping.
  MappingReader section(std::string_view key);

  [[nodiscard]] bool has(std::string_view key);  // counts as reading the key

  // Each typed read returns `fallback` when the key is absent.
  std::string string(std::string_view key, std::string fallback);
  std::string required_string(std::string_view key);
  std::int64_t integer(std::string_view key, std::int64_t fallback, IntegerRange range);
  double number(std::string_view key, double fallback, NumberRange range);
  bool boolean(std::string_view key, bool fallback);
  std::vector<std::string> string_list(std::string_view key);
  // A mapping of strings to strings; check_key returns an error message for a key it refuses.
  std::map<std::string, std::string> string_map(
      std::string_view key, const std::function<std::optional<std::string>(std::string_view)>& check_key);
  // A mapping of strings to true/false. Keys with the same `same_word` form count as one key: the second is
  // refused at its line, naming the first (e.g. "Active" and "active " when case and spaces do not matter).
  std::map<std::string, bool> boolean_map(std::string_view key,
                                          const std::function<std::string(std::string_view)>& same_word);
  std::filesystem::path path(std::string_view key, const std::filesystem::path& fallback);
  std::filesystem::path required_path(std::string_view key);

  // One of a fixed set of words, e.g. {{"csv", SourceType::csv}, {"directory", SourceType::directory}}.
  template <typename Enum>
  Enum choice(std::string_view key, Enum fallback, std::initializer_list<std::pair<std::string_view, Enum>> choices) {
    if (!has(key)) return fallback;
    std::vector<std::string> words;
    for (const auto& [word, value] : choices) words.emplace_back(word);
    const std::string typed = scalar_text(key, describe_choices(words));
    for (const auto& [word, value] : choices)
      if (typed == word) return value;
    fail_choice(key, typed, words);
  }

  // A ConfigError at the value of `key` (at the key itself when the value is empty).
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

  // A missing required key. Points at a present key that looks like a misspelling of it, when there is one.
  [[noreturn]] void fail_missing(std::string_view key, const std::string& message) const;

  // Reports the first key that was never read, with a suggestion when it looks like a typo.
  void finish() const;

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };

  MappingReader(const YAML::Node& node, std::string key_path, YAML::Mark where, const Document& document);

  const Entry* find(std::string_view key);
  std::string path_of(std::string_view key) const;
  std::string scalar_text(std::string_view key, std::string_view expected);
  [[noreturn]] void fail_type(std::string_view key, std::string_view expected) const;
  [[noreturn]] void fail_choice(std::string_view key, const std::string& typed, const std::vector<std::string>& words) const;
  static std::string describe_choices(const std::vector<std::string>& words);

  const Document* document_;
  std::string key_path_;
  YAML::Mark where_;  // of the mapping, or of its parent when absent: where a missing key is reported
  std::vector<Entry> entries_;
  std::vector<std::string> read_keys_;
};

// "\"lots\"", "a list", "a mapping", "nothing": how a value is named in "expected X, got Y".
std::string describe_found(const YAML::Node& node);

// A ConfigError at a yaml-cpp mark (0-based; a null mark gives an unlocated error).
[[noreturn]] void fail_at(const Document& document, const YAML::Mark& mark, std::string key_path, std::string message);

}  // namespace oss::config
