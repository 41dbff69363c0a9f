#include "model/attribute.hpp"

#include <algorithm>
#include <charconv>

namespace oss::model {

void Attributes::set(std::string reference, AttributeValue value) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), reference,
                             [](const Entry& e, const std::string& key) { return e.first < key; });
  if (it != entries_.end() && it->first == reference) {
    it->second = std::move(value);
  } else {
    entries_.emplace(it, std::move(reference), std::move(value));
  }
}

const AttributeValue* Attributes::find(std::string_view reference) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), reference,
                             [](const Entry& e, std::string_view key) { return e.first < key; });
  return (it != entries_.end() && it->first == reference) ? &it->second : nullptr;
}

namespace {
std::string scalar_to_display(const AttributeScalar& scalar) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return '"' + s + '"'; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double d) const {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
      return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
    }
  };
  return std::visit(Visitor{}, scalar);
}
}  // namespace

std::string to_display(const AttributeValue& value) {
  if (const auto* list = std::get_if<AttributeList>(&value)) {
    std::string out = "[";
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (i) out += ", ";
      out += scalar_to_display((*list)[i]);
    }
    return out + "]";
  }
  return std::visit(
      [](const auto& v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, AttributeList>) {
          return {};
        } else {
          return scalar_to_display(AttributeScalar{v});
        }
      },
      value);
}

}  // namespace oss::model
