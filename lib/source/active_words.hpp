#pragma once
// The words of a source's status: what a CSV active column or a JSON/YAML record's active field says, read by
// this one class for every format, so that each accepts and refuses the same words with the same message.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oss::source {

// The form in which two spellings are the same word: trimmed, ASCII letters in lower case ("  On Leave " and
// "on leave"). The config loader refuses a source.active_map with two spellings of one word by this form.
std::string active_word_key(std::string_view word);

class ActiveWords {
 public:
  // `active_map` is source.active_map, the source's words -> active. Empty: the built-in words true/false,
  // yes/no, 1/0. Either way a blank value means something only when the map names "" : a blank status is not
  // a decision, and reading it as active would give a leaver access.
  explicit ActiveWords(const std::map<std::string, bool>& active_map);

  // The word's meaning, any case and surrounding white space ignored; nullopt for a word not known, blank
  // included.
  [[nodiscard]] std::optional<bool> parse(std::string_view text) const;

  // Why parse() refused `text` and what to do about it, for a located row error.
  [[nodiscard]] std::string rejection(std::string_view text) const;

 private:
  struct Word {
    std::string key;       // active_word_key form
    std::string spelling;  // as configured, for messages
    bool active;
  };
  std::vector<Word> words_;  // a handful: a scan beats a hash here
  bool mapped_;              // from source.active_map, not the built-in words
};

// The built-in words on their own (LDAP's boolean(ATTR) rule reads its attribute's value with them).
const ActiveWords& builtin_active_words();

}  // namespace oss::source
