#pragma once
// Omni user attributes (schema urn:omni:params:1.0:UserAttribute): reference -> string, number, bool or a list.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace oss::model {

inline constexpr const char* kUserAttributeSchema = "urn:omni:params:1.0:UserAttribute";

using AttributeScalar = std::variant<std::string, double, bool>;
using AttributeList = std::vector<AttributeScalar>;
// Compared by value *and* type: the string "1" and the number 1 differ, as they do at Omni.
using AttributeValue = std::variant<std::string, double, bool, AttributeList>;

// Attributes sorted by reference: a flat vector is a fraction of a std::map's memory at a million users,
// and sorted order makes comparison and output deterministic.
class Attributes {
 public:
  using Entry = std::pair<std::string, AttributeValue>;

  // Inserts or replaces, keeping the order.
  void set(std::string reference, AttributeValue value);
  [[nodiscard]] const AttributeValue* find(std::string_view reference) const;
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] auto begin() const { return entries_.begin(); }
  [[nodiscard]] auto end() const { return entries_.end(); }
  friend bool operator==(const Attributes&, const Attributes&) = default;

 private:
  std::vector<Entry> entries_;
};

// For plan output and messages: "us-east", 3, true, ["a", 2].
std::string to_display(const AttributeValue& value);

}  // namespace oss::model
