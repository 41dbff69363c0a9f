#pragma once
// Attribute references (names such as "department") interned once per process: a million users carrying the same
// few references store an 8-byte handle each instead of their own copy of the text, and two handles are equal
// exactly when the names are.
//
// A daemon lives for months, and a source or a server whose attribute keys vary (a key per person, keys renamed
// from one export to the next) would grow a table that never forgets. Names are therefore released once nothing
// refers to them: every Attributes block counts the names it holds, and release_unused_attribute_names(), called
// by the daemon between cycles, frees those no block holds. A cap was the other choice; it would make a daemon
// whose keys churn fail after months for no fault of the input, where counting keeps the table at the names in
// use. A name looked up but not yet stored in an Attributes (a CSV reader's column, a set() under way) is held by
// no block: such a view survives the sweep after its lookup and may be released at the next one, so views must
// not be kept across cycles outside an Attributes (none are).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace oss::model {

namespace detail {
struct InternedName {
  std::string text;
  mutable std::atomic<std::size_t> holders{0};  // Attributes blocks holding it (an entry each)
  std::uint64_t looked_up = 0;                   // the sweep epoch of its last lookup; guarded by the table's mutex
};
}  // namespace detail

class AttributeName {
 public:
  // Looks the text up in (or adds it to) the process-wide table; safe from any thread.
  explicit AttributeName(std::string_view text);

  [[nodiscard]] const std::string& text() const { return name_->text; }
  friend bool operator==(AttributeName a, AttributeName b) { return a.name_ == b.name_; }

 private:
  // Attributes stores the handle's address in its encoded entries, and counts it; StoredAttribute reads it back.
  friend class Attributes;
  friend class StoredAttribute;
  explicit AttributeName(const detail::InternedName* interned) : name_(interned) {}
  const detail::InternedName* name_;  // owned by the table
};

// Frees the names no Attributes holds and no one looked up since the previous call; returns how many it freed.
// Call it where no name is in use outside an Attributes: the daemon does, between cycles.
std::size_t release_unused_attribute_names();
// Names in the table now (a metric: flat in a daemon that runs for months).
std::size_t interned_attribute_names();

}  // namespace oss::model
