#pragma once
// A throwaway OpenLDAP server for tests: its own slapd.conf, schema, data folder and loopback ports, TLS from a
// test CA, loaded with a generated directory (people_ldif.hpp) before it starts. No system service is used or
// needed; the process is killed when the object goes away.
#include <filesystem>
#include <memory>
#include <string>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::testing {

// The accounts the test directory holds (see slapd_server.cpp for their limits).
inline constexpr const char* kSyncBindDn = "cn=omni-sync,ou=services,dc=example,dc=com";  // paged total unlimited
inline constexpr const char* kLimitedBindDn = "cn=limited,ou=services,dc=example,dc=com";  // paged total 1000
inline constexpr const char* kBindPassword = "sync-secret-7d1e";
inline constexpr const char* kPeopleBase = "ou=people,dc=example,dc=com";

class SlapdServer {
 public:
  // Loads `ldif` with slapadd, starts slapd (size limit 500) and waits until it accepts connections.
  explicit SlapdServer(const std::string& ldif);
  ~SlapdServer();

  [[nodiscard]] std::string ldaps_url() const;   // ldaps://127.0.0.1:<port>
  [[nodiscard]] std::string ldap_url() const;    // ldap://127.0.0.1:<port>, for StartTLS
  // The test CA's certificate, which the server's certificate (for 127.0.0.1 and localhost) chains to.
  [[nodiscard]] std::filesystem::path ca_file() const { return dir_ / "ca.pem"; }
  void kill();  // SIGKILL, as a crash or a pulled cable would end it

 private:
  support::TempDir dir_{"oss-slapd"};
  int ldaps_port_ = 0;
  int ldap_port_ = 0;
  std::unique_ptr<support::ChildProcess> process_;
};

}  // namespace oss::testing
