#pragma once
// `attribute_map` of an LDAP source: which LDAP attribute fills which user field.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "source/ldap/ldap_active_rule.hpp"

namespace oss::source {

struct LdapAttributeMap {
  std::string user_name = "mail";
  std::string display_name = "cn";
  ActiveRule active;
  // Omni attribute reference -> LDAP attribute, e.g. {"department", "departmentNumber"}.
  std::vector<std::pair<std::string, std::string>> attributes;
  // The attribute naming the person's groups (memberOf, for group sync); empty: groups are not read.
  std::string groups;
  friend bool operator==(const LdapAttributeMap&, const LdapAttributeMap&) = default;

  // What a search asks the server for: each mapped attribute once (an entry sends only what is asked).
  [[nodiscard]] std::vector<std::string> requested() const;
};

// Why `name` is not an LDAP attribute description (a name such as mail or msDS-UserAccountDisabled, or a numeric
// OID, with optional ;options), or nullopt when it is one.
std::optional<std::string> ldap_attribute_problem(std::string_view name);

}  // namespace oss::source
