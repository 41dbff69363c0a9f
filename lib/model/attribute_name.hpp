#pragma once
// Attribute references (names such as "department") interned once per process: a million users carrying the same
// few references store an 8-byte handle each instead of their own copy of the text, and two handles are equal
// exactly when the names are.
#include <string>
#include <string_view>

namespace oss::model {

class AttributeName {
 public:
  // Looks the text up in (or adds it to) the process-wide table; safe from any thread.
  explicit AttributeName(std::string_view text);

  [[nodiscard]] const std::string& text() const { return *text_; }
  friend bool operator==(AttributeName a, AttributeName b) { return a.text_ == b.text_; }

 private:
  // Attributes stores the handle's address in its encoded entries; StoredAttribute reads it back.
  friend class Attributes;
  friend class StoredAttribute;
  explicit AttributeName(const std::string* interned) : text_(interned) {}
  const std::string* text_;  // owned by the table, never freed: the set of references in use stays small
};

}  // namespace oss::model
