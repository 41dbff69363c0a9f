#include "source/active_words.hpp"

#include <algorithm>

#include "model/user.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// `key` is already in lower case: only the text is folded, without a copy (this runs for every row).
bool matches_key(std::string_view text, std::string_view key) {
  return text.size() == key.size() &&
         std::equal(text.begin(), text.end(), key.begin(), [](char x, char y) { return lower(x) == y; });
}

const std::map<std::string, bool>& builtin_map() {
  static const std::map<std::string, bool> words = {{"true", true}, {"yes", true},  {"1", true},
                                                    {"false", false}, {"no", false}, {"0", false}};
  return words;
}

// `"Active", "On Leave", ""` — shortened for long maps.
std::string spellings_summary(const std::vector<std::string>& spellings) {
  constexpr std::size_t kShown = 12;
  std::string text;
  for (std::size_t i = 0; i < spellings.size() && i < kShown; ++i) text += (i ? ", " : "") + quoted_excerpt(spellings[i]);
  if (spellings.size() > kShown) text += ", ... (" + std::to_string(spellings.size()) + " words)";
  return text;
}

}  // namespace

std::string active_word_key(std::string_view word) {
  std::string key(model::trim(word));
  std::transform(key.begin(), key.end(), key.begin(), lower);
  return key;
}

ActiveWords::ActiveWords(const std::map<std::string, bool>& active_map) : mapped_(!active_map.empty()) {
  for (const auto& [spelling, active] : mapped_ ? active_map : builtin_map())
    words_.push_back(Word{active_word_key(spelling), spelling, active});
  // The spellings nearly every file uses come first: most rows then match on the first comparison.
  std::stable_partition(words_.begin(), words_.end(), [](const Word& w) { return w.key == "true" || w.key == "false"; });
}

std::optional<bool> ActiveWords::parse(std::string_view text) const {
  text = model::trim(text);
  for (const auto& word : words_)
    if (matches_key(text, word.key)) return word.active;
  return std::nullopt;
}

std::string ActiveWords::rejection(std::string_view text) const {
  const bool blank = model::trim(text).empty();
  if (mapped_) {
    if (blank)
      return "blank, and source.active_map does not map \"\" (a blank status is not a decision: fill it in, or map "
             "\"\" to true or false)";
    std::vector<std::string> spellings;
    for (const auto& word : words_) spellings.push_back(word.spelling);
    std::sort(spellings.begin(), spellings.end());
    return quoted_excerpt(text) + " is not in source.active_map (it maps " + spellings_summary(spellings) + ")";
  }
  if (blank)
    return "blank: a blank status is not a decision (write true/false, yes/no or 1/0, or map \"\" in "
           "source.active_map)";
  return std::string(kActiveExpected) + ", got " + quoted_excerpt(text) +
         " (source.active_map can map HR words, e.g. {Active: true, Terminated: false})";
}

const ActiveWords& builtin_active_words() {
  static const ActiveWords words({});
  return words;
}

}  // namespace oss::source
