#pragma once
// What the `source:` section says for `type: ldap` (see config/example.yaml and README's configuration reference).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "source/ldap/ldap_attribute_map.hpp"

namespace oss::source {

enum class LdapScope { base, one, sub };

struct LdapOptions {
  std::string url;                            // ldaps://host[:port], or ldap://host[:port] with starttls
  bool starttls = false;                      // ldap:// upgraded with StartTLS before the bind
  std::string bind_dn;
  std::filesystem::path bind_password_file;   // read at each read, like omni.api_key_file; never inline
  std::string base_dn;
  LdapScope scope = LdapScope::sub;
  std::string filter = "(objectClass=inetOrgPerson)";
  std::optional<std::filesystem::path> ca_file;  // trust anchors for the server's certificate; system store if absent
  int page_size = 500;                        // entries per page of the paged search (RFC 2696)
  std::chrono::seconds timeout{30};           // connecting, and each request (bind, each page)
  LdapAttributeMap attribute_map;
};

// Why the connection `url` + `starttls` would be refused, or nullopt: only ldaps:// or ldap:// with StartTLS, so
// the bind password and the people's data never cross the network in clear, except on loopback (127.0.0.0/8,
// ::1, localhost) where no network is crossed. One host, no DN, attributes or filter in the URL (those are keys).
std::optional<std::string> ldap_url_problem(std::string_view url, bool starttls);

}  // namespace oss::source
