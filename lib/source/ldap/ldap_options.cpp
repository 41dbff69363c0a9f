#include "source/ldap/ldap_options.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

namespace oss::source {

namespace {

std::string_view host_of(std::string_view authority) {
  if (authority.starts_with('[')) return authority.substr(1, authority.find(']') - 1);  // [::1]:389
  return authority.substr(0, authority.find(':'));
}

// A literal loopback address, parsed: "127.attacker.example" starts like one and is not, and a name (even
// "localhost") is whatever the resolver says it is.
bool is_loopback_address(std::string_view host) {
  const std::string text(host);
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, text.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace

std::optional<std::string> ldap_url_problem(std::string_view url, bool starttls) {
  const bool secure = url.starts_with("ldaps://");
  if (!secure && !url.starts_with("ldap://")) return "expected an ldaps:// or ldap:// URL";
  const std::string_view rest = url.substr(url.find("://") + 3);
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find_first_of(" ,@") != std::string_view::npos) return "expected one host (ldaps://host:port)";
  if (rest.size() > authority.size() && rest.substr(authority.size()) != "/")
    return "the URL carries a DN or search parts: give them as base_dn, scope and filter";
  const std::string_view host = host_of(authority);
  if (host.empty()) return "the URL names no host";
  if (secure && starttls) return "starttls applies to ldap:// URLs; ldaps:// is already encrypted";
  if (!secure && !starttls && !is_loopback_address(host))
    return "plain ldap:// would send the bind password in clear: use ldaps://, or set starttls: true (plain is "
           "allowed only to a literal loopback address such as 127.0.0.1 or [::1])";
  return std::nullopt;
}

}  // namespace oss::source
