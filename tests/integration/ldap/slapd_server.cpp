#include "integration/ldap/slapd_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "support/file_io.hpp"

namespace oss::testing {

namespace {

using namespace std::chrono_literals;

// Debian's slapd lives in /usr/sbin, which is not always on a test runner's PATH.
constexpr const char* kSlapd = "/usr/sbin/slapd";
constexpr const char* kSlapadd = "/usr/sbin/slapadd";

// OpenLDAP has none of these by default: userAccountControl and memberOf as Active Directory defines them (the
// memberof overlay uses the same memberOf), and pwdAccountLockedTime as the ppolicy overlay does (without
// loading either overlay: the entries carry the values themselves).
constexpr const char* kTestSchema = R"(attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.42.2.27.8.1.17 NAME 'pwdAccountLockedTime'
  EQUALITY generalizedTimeMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf'
  EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'ossTestAccount' AUXILIARY
  MAY ( userAccountControl $ pwdAccountLockedTime $ memberOf ) )
)";

// A port the kernel just handed out and released: free now, and slapd binds it a moment later.
int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("cannot find a free loopback port");
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

std::string slapd_conf(const std::filesystem::path& dir) {
  const std::string d = dir.string();
  return "include /etc/ldap/schema/core.schema\n"
         "include /etc/ldap/schema/cosine.schema\n"
         "include /etc/ldap/schema/inetorgperson.schema\n"
         "include " + d + "/test.schema\n"
         "pidfile " + d + "/slapd.pid\n"
         "modulepath /usr/lib/ldap\n"
         "moduleload back_mdb\n"
         "TLSCACertificateFile " + d + "/ca.pem\n"
         "TLSCertificateFile " + d + "/server.pem\n"
         "TLSCertificateKeyFile " + d + "/server-key.pem\n"
         // The size limit the issue asks for: one plain search returns at most 500 entries.
         "sizelimit 500\n"
         "database mdb\n"
         "maxsize 104857600\n"
         "suffix \"dc=example,dc=com\"\n"
         "rootdn \"cn=admin,dc=example,dc=com\"\n"
         "directory " + d + "/data\n"
         "access to attrs=userPassword by anonymous auth by * none\n"
         "access to * by dn.exact=\"" + kSyncBindDn + "\" read by dn.exact=\"" + kLimitedBindDn + "\" read by * none\n"
         // What an administrator grants a sync account: pages of at most 500, but no cap on their total. The
         // limited account keeps a cap of 1000, which a whole read of 2,500 people runs into.
         "limits dn.exact=\"" + kSyncBindDn + "\" size.prtotal=unlimited\n"
         "limits dn.exact=\"" + kLimitedBindDn + "\" size.prtotal=1000\n";
}

}  // namespace

SlapdServer::SlapdServer(const std::string& ldif) {
  support::write_pki(support::make_test_pki(), dir_.path());
  support::write_file(dir_ / "test.schema", kTestSchema);
  support::write_file(dir_ / "slapd.conf", slapd_conf(dir_.path()));
  support::write_file(dir_ / "directory.ldif", ldif);
  std::filesystem::create_directories(dir_ / "data");

  support::ChildProcess load(support::ChildOptions({kSlapadd, "-q", "-f", (dir_ / "slapd.conf").string(), "-l",
                                                    (dir_ / "directory.ldif").string()}));
  const auto loaded = load.wait(30s);
  if (!loaded || *loaded != support::ExitStatus{true, 0, 0})
    throw std::runtime_error("slapadd failed: " + load.stderr_text());

  // A port taken between free_loopback_port() and slapd's bind makes slapd exit: try again with new ports.
  for (int attempt = 1; attempt <= 3; ++attempt) {
    ldaps_port_ = free_loopback_port();
    ldap_port_ = free_loopback_port();
    process_ = std::make_unique<support::ChildProcess>(support::ChildOptions(
        {kSlapd, "-d", "0", "-f", (dir_ / "slapd.conf").string(), "-h", ldaps_url() + "/ " + ldap_url() + "/"}));
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline && process_->running()) {
      if (accepts_connections(ldaps_port_) && accepts_connections(ldap_port_)) return;
      std::this_thread::sleep_for(20ms);
    }
    if (attempt == 3 || process_->running())
      throw std::runtime_error("slapd did not start: " + process_->stderr_text());
  }
}

SlapdServer::~SlapdServer() = default;  // ChildProcess kills and reaps slapd

std::string SlapdServer::ldaps_url() const { return "ldaps://127.0.0.1:" + std::to_string(ldaps_port_); }
std::string SlapdServer::ldap_url() const { return "ldap://127.0.0.1:" + std::to_string(ldap_port_); }

void SlapdServer::kill() {
  process_->send_signal(SIGKILL);
  (void)process_->wait(10s);
}

}  // namespace oss::testing
