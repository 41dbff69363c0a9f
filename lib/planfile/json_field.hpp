#pragma once
// Reading a JSON document a person may have edited: each value knows where it is ("FILE: operations[3].op"), and
// every wrong or missing field is refused with that place named (PlanFileRejected).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace oss::planfile {

class JsonField {
 public:
  JsonField(const boost::json::value& value, std::string where) : value_(&value), where_(std::move(where)) {}

  [[nodiscard]] JsonField member(std::string_view key) const;          // throws when missing
  [[nodiscard]] bool has(std::string_view key) const;                   // present and not null
  [[nodiscard]] JsonField element(std::size_t index) const;
  [[nodiscard]] std::size_t size() const;                               // of an array
  [[nodiscard]] std::string string() const;
  [[nodiscard]] bool boolean() const;
  [[nodiscard]] std::int64_t integer() const;
  [[nodiscard]] double number() const;
  [[nodiscard]] const boost::json::object& object() const;
  [[nodiscard]] const boost::json::value& value() const { return *value_; }
  [[nodiscard]] bool is_null() const { return value_->is_null(); }
  [[nodiscard]] const std::string& where() const { return where_; }

  // Throws PlanFileRejected: "<where>: <problem>".
  [[noreturn]] void reject(const std::string& problem) const;

 private:
  void expect(bool ok, const char* kind) const;

  const boost::json::value* value_;
  std::string where_;
};

}  // namespace oss::planfile
