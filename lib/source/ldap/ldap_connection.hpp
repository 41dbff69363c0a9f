#pragma once
// A connection to a directory server through OpenLDAP's libldap: TLS (ldaps:// or StartTLS) with the certificate
// always verified, a simple bind, and a search read page by page with the Simple Paged Results control
// (RFC 2696), so a directory larger than the server's size limit is read whole. Every call blocks: run it off the
// event loop (sync/off_loop_read.hpp).
#include <functional>
#include <stdexcept>
#include <string>

#include "source/ldap/ldap_entry.hpp"
#include "source/ldap/ldap_options.hpp"

using LDAP = struct ldap;

namespace oss::source {

// Connecting, StartTLS or the bind failed: nothing was read. The message names the URL (or bind DN) and what the
// server or the TLS library said.
struct LdapConnectError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The search ended before its last page (a size or time limit, a referral, a dropped connection): whatever was
// read is not the whole list.
struct LdapSearchCutShort : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class LdapConnection {
 public:
  // Connects and binds. `password` is used for the bind only and not kept.
  LdapConnection(const LdapOptions& options, const std::string& password);
  ~LdapConnection();
  LdapConnection(const LdapConnection&) = delete;
  LdapConnection& operator=(const LdapConnection&) = delete;

  // Every entry under options.base_dn matching options.filter, with the mapped attributes, handed to `on_entry`
  // as it arrives (it returns false to stop reading). `after_page` (a test seam) runs after each complete page with
  // its number from 1. Throws LdapSearchCutShort when the server cannot give the whole result.
  void search(const std::function<bool(LdapEntry)>& on_entry, const std::function<void(int page)>& after_page);

 private:
  // "<what>: <libldap's text for rc> (<the server's diagnostic message>)"
  [[nodiscard]] std::string describe(const std::string& what, int rc) const;

  const LdapOptions& options_;
  LDAP* handle_ = nullptr;
};

}  // namespace oss::source
