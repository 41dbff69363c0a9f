#pragma once
// The `source:` keys of `type: ldap` (see README, "Reading people from LDAP").
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "config/mapping_reader.hpp"
#include "source/ldap/ldap_options.hpp"

namespace oss::config {

// Reads url, starttls, bind_dn, bind_password_file, base_dn, scope, filter, ca_file, page_size, timeout_seconds
// and attribute_map from `section`; `field_key_problem` checks attribute_map's keys as it checks columns' keys.
source::LdapOptions read_ldap_source(MappingReader& section,
                                     const std::function<std::optional<std::string>(std::string_view)>& field_key_problem);

}  // namespace oss::config
