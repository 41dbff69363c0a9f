#include "planfile/json_field.hpp"

#include "planfile/plan_file.hpp"

namespace oss::planfile {

// The root's place is "FILE:"; below it, members are joined with dots: "FILE: operations[3].op".
void JsonField::reject(const std::string& problem) const {
  throw PlanFileRejected(where_ + (where_.ends_with(':') ? " " : ": ") + problem);
}

void JsonField::expect(bool ok, const char* kind) const {
  if (!ok) reject(std::string("expected ") + kind);
}

bool JsonField::has(std::string_view key) const {
  if (!value_->is_object()) return false;
  const boost::json::value* found = value_->get_object().if_contains(key);
  return found && !found->is_null();
}

JsonField JsonField::member(std::string_view key) const {
  expect(value_->is_object(), "an object");
  const boost::json::value* found = value_->get_object().if_contains(key);
  const std::string where = where_ + (where_.ends_with(':') ? " " : ".") + std::string(key);
  if (!found) throw PlanFileRejected(where + ": missing");
  return JsonField(*found, where);
}

std::size_t JsonField::size() const {
  expect(value_->is_array(), "an array");
  return value_->get_array().size();
}

JsonField JsonField::element(std::size_t index) const {
  expect(value_->is_array(), "an array");
  return JsonField(value_->get_array().at(index), where_ + "[" + std::to_string(index) + "]");
}

std::string JsonField::string() const {
  expect(value_->is_string(), "a string");
  return std::string(value_->get_string());
}

bool JsonField::boolean() const {
  expect(value_->is_bool(), "true or false");
  return value_->get_bool();
}

std::int64_t JsonField::integer() const {
  if (value_->is_int64()) return value_->get_int64();
  if (value_->is_uint64() && value_->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(value_->get_uint64());
  reject("expected a whole number");
}

double JsonField::number() const {
  expect(value_->is_number(), "a number");
  return value_->to_number<double>();
}

const boost::json::object& JsonField::object() const {
  expect(value_->is_object(), "an object");
  return value_->get_object();
}

}  // namespace oss::planfile
