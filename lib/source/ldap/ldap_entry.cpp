#include "source/ldap/ldap_entry.hpp"

#include <algorithm>

namespace oss::source {

bool same_attribute_name(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

const std::vector<std::string>* LdapEntry::find(std::string_view name) const {
  for (const auto& [attribute, values] : attributes)
    if (same_attribute_name(attribute, name)) return &values;
  return nullptr;
}

}  // namespace oss::source
