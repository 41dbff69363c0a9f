// The throwaway CA: a verifying client accepts the good certificate and rejects an expired one and one for
// another host; the files written for the server have the right modes.
#include <boost/system/system_error.hpp>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fake_omni_fixture.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::fake_omni::testing {
namespace {

using namespace std::chrono_literals;

// Starts a server with a leaf certificate made by `ca` for `leaf`, and tries a verifying handshake.
void handshake(const support::CertificateAuthority& ca, const support::LeafOptions& leaf, const std::string& host_name) {
  support::LeafCertificate cert = support::make_leaf_certificate(ca, leaf);
  FakeOmniServer server(TlsIdentity{cert.certificate_pem, cert.private_key_pem});
  server.start();
  HttpsTestClient client(server.port(), ca.certificate_pem, host_name);
  client.connect();
}

TEST(TestPki, GoodCertificateIsAcceptedForLocalhostAndTheIpAddress) {
  auto ca = support::make_certificate_authority();
  EXPECT_NO_THROW(handshake(ca, {}, "localhost"));
  EXPECT_NO_THROW(handshake(ca, {}, "127.0.0.1"));
}

TEST(TestPki, ExpiredCertificateIsRejected) {
  auto ca = support::make_certificate_authority();
  support::LeafOptions expired;
  expired.not_before_offset = -48h;
  expired.not_after_offset = -24h;
  EXPECT_THROW(handshake(ca, expired, "localhost"), boost::system::system_error);
}

TEST(TestPki, CertificateForAnotherHostIsRejected) {
  auto ca = support::make_certificate_authority();
  support::LeafOptions other_host;
  other_host.subject_alt_names = {"DNS:omni.example.com"};
  other_host.common_name = "omni.example.com";
  EXPECT_THROW(handshake(ca, other_host, "localhost"), boost::system::system_error);
  EXPECT_NO_THROW(handshake(ca, other_host, "omni.example.com"));
}

TEST(TestPki, CertificateFromAnotherCaIsRejected) {
  auto trusted = support::make_certificate_authority();
  auto stranger = support::make_certificate_authority("some other CA");
  support::LeafCertificate cert = support::make_leaf_certificate(stranger);
  FakeOmniServer server(TlsIdentity{cert.certificate_pem, cert.private_key_pem});
  server.start();
  HttpsTestClient client(server.port(), trusted.certificate_pem);
  EXPECT_THROW(client.connect(), boost::system::system_error);
}

TEST(TestPki, WritesPemFilesWithAPrivateKeyFile) {
  support::TempDir dir;
  auto pki = support::make_test_pki();
  support::write_pki(pki, dir / "pki");
  EXPECT_EQ(support::read_file(dir / "pki" / "ca.pem"), pki.ca_pem);
  EXPECT_NE(support::read_file(dir / "pki" / "server.pem").find("BEGIN CERTIFICATE"), std::string::npos);
  struct stat info {};
  ASSERT_EQ(::stat((dir / "pki" / "server-key.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto identity = load_tls_identity(dir / "pki");
  EXPECT_EQ(identity.private_key_pem, pki.server_key_pem);
}

}  // namespace
}  // namespace oss::fake_omni::testing
