#pragma once
// Omni user attributes (schema urn:omni:params:1.0:UserAttribute): reference -> string, number, bool or a list.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "model/attribute_name.hpp"

namespace oss::model {

inline constexpr const char* kUserAttributeSchema = "urn:omni:params:1.0:UserAttribute";

using AttributeScalar = std::variant<std::string, double, bool>;
using AttributeList = std::vector<AttributeScalar>;
// Compared by value *and* type: the string "1" and the number 1 differ, as they do at Omni.
using AttributeValue = std::variant<std::string, double, bool, AttributeList>;

// One attribute as an Attributes holds it, read in place; valid until that Attributes changes.
// Binds as `const auto& [reference, value]` (the value is a decoded copy).
class StoredAttribute {
 public:
  [[nodiscard]] AttributeName name() const;
  [[nodiscard]] const std::string& reference() const { return name().text(); }
  [[nodiscard]] AttributeValue value() const;
  // value() == other.value(), compared where they are stored: the planner compares a million pairs.
  [[nodiscard]] bool same_value(const StoredAttribute& other) const;

  template <std::size_t I>
  [[nodiscard]] decltype(auto) get() const {
    if constexpr (I == 0) return reference();
    else return value();
  }

 private:
  friend class Attributes;
  explicit StoredAttribute(const char* entry) : entry_(entry) {}
  const char* entry_;  // the encoded entry: name handle, then the value (see attribute.cpp)
};

// A user's attributes, sorted by reference, in one compact allocation: the references are interned handles and
// the values are encoded back to back. At a million users this is 8 bytes plus one small block per user, where a
// vector of (std::string, AttributeValue) pairs cost a 24-byte vector and a 72-byte entry per attribute.
// Sorted order makes comparison and output deterministic.
class Attributes {
 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = StoredAttribute;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = StoredAttribute;

    const_iterator() = default;
    StoredAttribute operator*() const { return StoredAttribute(entry_); }
    const_iterator& operator++();
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const_iterator, const_iterator) = default;

   private:
    friend class Attributes;
    explicit const_iterator(const char* entry) : entry_(entry) {}
    const char* entry_ = nullptr;
  };
  using iterator = const_iterator;

  Attributes() = default;
  Attributes(const Attributes& other);
  Attributes& operator=(const Attributes& other);
  Attributes(Attributes&&) noexcept = default;
  Attributes& operator=(Attributes&& other) noexcept;
  ~Attributes();

  // Text attributes from (name, text) pairs in increasing reference order, without repeats (a CSV row, whose
  // columns are sorted once): one allocation for the lot instead of one per set().
  static Attributes from_sorted_texts(std::span<const std::pair<AttributeName, std::string_view>> entries);

  // Inserts or replaces, keeping the order.
  void set(std::string_view reference, AttributeValue value) { set(AttributeName(reference), std::move(value)); }
  void set(AttributeName name, const AttributeValue& value);
  [[nodiscard]] std::optional<AttributeValue> find(std::string_view reference) const;
  [[nodiscard]] bool empty() const { return !block_; }
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] const_iterator begin() const { return const_iterator(entries_begin()); }
  [[nodiscard]] const_iterator end() const { return const_iterator(entries_end()); }
  // Where the entries live, for a caller that prefetches them before a comparison (null when empty).
  [[nodiscard]] const void* storage() const { return block_.get(); }
  // The same references with the same values (and types).
  friend bool operator==(const Attributes& a, const Attributes& b);
  // The very same encoding, which implies operator== (NaN aside, which no reader stores: every source and the SCIM
  // decoder refuse non-finite numbers). One memcmp: what a sync that finds most people unchanged needs first.
  [[nodiscard]] bool same_encoding(const Attributes& other) const;

 private:
  [[nodiscard]] std::size_t encoded_size() const;
  [[nodiscard]] const char* entries_begin() const;
  [[nodiscard]] const char* entries_end() const { return entries_begin() + encoded_size(); }
  // Replaces the block with a copy of these entries (counting the names of the new, uncounting the old).
  void assign(std::string_view entries);
  void count_names(int delta) const;

  std::unique_ptr<char[]> block_;  // null when empty; else the entries' size (LEB128), then the entries
};

// For plan output and messages: "us-east", 3, true, ["a", 2].
std::string to_display(const AttributeValue& value);

}  // namespace oss::model

template <>
struct std::tuple_size<oss::model::StoredAttribute> : std::integral_constant<std::size_t, 2> {};
template <>
struct std::tuple_element<0, oss::model::StoredAttribute> {
  using type = const std::string&;
};
template <>
struct std::tuple_element<1, oss::model::StoredAttribute> {
  using type = oss::model::AttributeValue;
};
