#include "source/ldap_options.hpp"

namespace oss::source {

namespace {

std::string_view host_of(std::string_view authority) {
  if (authority.starts_with('[')) return authority.substr(1, authority.find(']') - 1);  // [::1]:389
  return authority.substr(0, authority.find(':'));
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
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
  if (!secure && !starttls && !is_loopback(host))
    return "plain ldap:// would send the bind password in clear: use ldaps://, or set starttls: true";
  return std::nullopt;
}

}  // namespace oss::source
