#pragma once
// One entry of an LDAP search result, copied out of the client library so that mapping it needs no server.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oss::source {

struct LdapEntry {
  std::string dn;
  // Attribute name as the server spelled it -> its values (raw bytes: LDAP values may be binary).
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;

  // The values of `name`, compared without regard to case as LDAP does; nullptr when the entry has none.
  [[nodiscard]] const std::vector<std::string>* find(std::string_view name) const;
};

// LDAP attribute names are compared without regard to ASCII case ("mail" is "Mail").
bool same_attribute_name(std::string_view a, std::string_view b);

}  // namespace oss::source
