#include "source/ldap/ldap_attribute_map.hpp"

#include <algorithm>

#include "source/ldap/ldap_entry.hpp"

namespace oss::source {

namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 4512: a descr (letter, then letters, digits, hyphens) or a numericoid (digits and dots).
bool is_attribute_type(std::string_view type) {
  if (type.empty()) return false;
  if (is_letter(type.front()))
    return std::all_of(type.begin(), type.end(), [](char c) { return is_letter(c) || is_digit(c) || c == '-'; });
  return std::all_of(type.begin(), type.end(), [](char c) { return is_digit(c) || c == '.'; }) && type.back() != '.' &&
         type.find("..") == std::string_view::npos;
}

// An attribute option such as "binary" or "lang-en".
bool is_option(std::string_view option) {
  return !option.empty() &&
         std::all_of(option.begin(), option.end(), [](char c) { return is_letter(c) || is_digit(c) || c == '-'; });
}

}  // namespace

std::vector<std::string> LdapAttributeMap::requested() const {
  std::vector<std::string> names;
  const auto add = [&](const std::string& name) {
    if (name.empty()) return;
    if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return same_attribute_name(n, name); }))
      names.push_back(name);
  };
  add(user_name);
  add(display_name);
  add(active.attribute);
  add(groups);
  for (const auto& [reference, attribute] : attributes) add(attribute);
  return names;
}

std::optional<std::string> ldap_attribute_problem(std::string_view name) {
  if (name.empty()) return "expected an LDAP attribute name, got nothing";
  bool valid = true;
  std::size_t start = 0;
  for (bool type = true; valid; type = false) {
    const auto end = name.find(';', start);
    const auto part = name.substr(start, end == std::string_view::npos ? end : end - start);
    valid = type ? is_attribute_type(part) : is_option(part);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (valid) return std::nullopt;
  return "\"" + std::string(name) +
         "\" is not an LDAP attribute name (letters, digits and hyphens starting with a letter, or a numeric OID)";
}

}  // namespace oss::source
