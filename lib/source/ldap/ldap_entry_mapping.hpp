#pragma once
// An LDAP entry -> the fields of a user record, by the attribute map. Pure: tested with tables, no server.
// The result goes through add_record (record_fields.hpp) like a JSON or YAML record, so the userName and
// displayName rules are the same for every source. Every error names the entry's DN and the LDAP attribute.
#include "source/ldap/ldap_attribute_map.hpp"
#include "source/ldap/ldap_entry.hpp"
#include "source/record_fields.hpp"

namespace oss::source {

// userName: the one value of map.user_name (none, or several, is an error: it is the match key).
// displayName: the first value of map.display_name. active: map.active (see ldap_active_rule.hpp).
// attributes.<reference>: one value gives a string, several give a list of strings; absent gives nothing.
// groups: one group per value of map.groups; a value that is a DN (memberOf: cn=Engineering,ou=groups,dc=...)
// names the group by its first RDN's value (Engineering), any other value is the group's name itself.
// A value that is not clean UTF-8 text (a binary attribute, a NUL) is an error: it cannot be sent to Omni.
RecordFields map_ldap_entry(const LdapEntry& entry, const LdapAttributeMap& map);

}  // namespace oss::source
