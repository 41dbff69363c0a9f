#pragma once
// A throwaway certificate authority for tests: a CA and leaf certificates signed by it, made in memory with the
// OpenSSL 3 API. Keys are EC P-256 (fast to generate). Nothing here is fit for production use.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace oss::support {

struct CertificateAuthority {
  std::string certificate_pem;
  std::string private_key_pem;  // PKCS#8
};

struct LeafCertificate {
  std::string certificate_pem;
  std::string private_key_pem;  // PKCS#8
};

struct LeafOptions {
  // Subject alternative names in OpenSSL's notation: "DNS:localhost", "IP:127.0.0.1".
  std::vector<std::string> subject_alt_names{"DNS:localhost", "IP:127.0.0.1"};
  std::string common_name = "localhost";
  // The validity window relative to now: {-1h, +1h} is valid now; {-2h, -1h} makes an EXPIRED certificate.
  std::chrono::seconds not_before_offset = -std::chrono::hours(1);
  std::chrono::seconds not_after_offset = std::chrono::hours(24 * 30);
};

struct TestPki {
  std::string ca_pem;          // the CA certificate clients trust
  std::string ca_key_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
};

CertificateAuthority make_certificate_authority(const std::string& common_name = "omni-scim-sync test CA");
LeafCertificate make_leaf_certificate(const CertificateAuthority& ca, const LeafOptions& options = {});

// A CA plus one server certificate for the given options (localhost and 127.0.0.1 by default).
TestPki make_test_pki(const LeafOptions& server = {});

// Writes ca.pem, server.pem and server-key.pem (0600) into directory (created when missing).
void write_pki(const TestPki& pki, const std::filesystem::path& directory);

}  // namespace oss::support
