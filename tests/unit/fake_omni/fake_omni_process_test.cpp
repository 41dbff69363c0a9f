// The fake-omni executable as scripts/demo uses it: --make-pki, a seed file, the key from the environment,
// the port read from stdout, a clean exit on SIGTERM, and no key in its output.
#include <gtest/gtest.h>

#include <csignal>
#include <regex>

#include "https_test_client.hpp"
#include "support/child_process.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::fake_omni::testing {
namespace {

using namespace std::chrono_literals;

const std::string kFakeOmni = std::string(OSS_BINARY_DIR) + "/tests/fake_omni/fake-omni";
constexpr const char* kKey = "process-test-key-4c1e";

std::uint16_t port_from(const std::string& stdout_text) {
  std::smatch match;
  if (!std::regex_search(stdout_text, match, std::regex(R"(listening on https://127\.0\.0\.1:(\d+))"))) return 0;
  return static_cast<std::uint16_t>(std::stoi(match[1]));
}

TEST(FakeOmniProcess, ServesSeededUsersUntilSigterm) {
  support::TempDir dir;
  support::ChildProcess make_pki({{kFakeOmni, "--make-pki", (dir / "pki").string()}});
  ASSERT_EQ(make_pki.wait(30s), (support::ExitStatus{true, 0, 0})) << make_pki.stderr_text();
  support::write_file(dir / "seed.json", R"([
    {"userName": "admin@blobsrus.co", "displayName": "Omni Admin", "owner": true},
    {"userName": "Blob.Ross@blobsrus.co", "displayName": "Blob Ross", "attributes": {"region": "us-west"}},
    {"userName": "embed@blobsrus.co", "displayName": "Embedded", "embed": true}])");
  support::write_file(dir / "pats", "pat-one\n\npat-two\n");

  support::ChildProcess server({{kFakeOmni, "--cert-dir", (dir / "pki").string(), "--org-key-env", "FAKE_KEY",
                                 "--pat-file", (dir / "pats").string(), "--seed", (dir / "seed.json").string(),
                                 "--rate", "100/60000"},
                                {{"FAKE_KEY", kKey}}});
  ASSERT_TRUE(server.wait_for_stdout("listening on", 30s)) << server.stderr_text();
  std::uint16_t port = port_from(server.stdout_text());
  ASSERT_NE(port, 0) << server.stdout_text();

  HttpsTestClient client(port, support::read_file(dir / "pki" / "ca.pem"), "127.0.0.1");
  ScimCaller org(client, kKey);
  auto users = json_of(client.request("GET", "/_fake/users")).as_array();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(json_of(org.get("/api/v1/whoami")).at("user").at("id"), users[0].at("id"));
  EXPECT_EQ(json_of(org.get("/api/scim/v2/users")).at("Resources").at(1).at("urn:omni:params:1.0:UserAttribute").at("region"),
            "us-west");
  EXPECT_EQ(json_of(client.request("GET", "/_fake/embed-users")).as_array().size(), 1u);
  ScimCaller pat(client, "pat-two");
  EXPECT_EQ(pat.get("/api/scim/v2/users").result_int(), 403u);
  client.disconnect();

  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait(30s), (support::ExitStatus{true, 0, 0})) << server.stderr_text();
  EXPECT_EQ(server.stdout_text().find(kKey), std::string::npos);
  EXPECT_EQ(server.stderr_text().find(kKey), std::string::npos);
}

TEST(FakeOmniProcess, BadSeedFileNamesTheEntryAndField) {
  support::TempDir dir;
  support::write_pki(support::make_test_pki(), dir / "pki");
  support::write_file(dir / "seed.json", R"([{"userName": "a@b.co", "displayName": "A"}, {"userName": "b@b.co"}])");
  support::ChildProcess server({{kFakeOmni, "--cert-dir", (dir / "pki").string(), "--seed", (dir / "seed.json").string()}});
  auto status = server.wait(30s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 1);
  EXPECT_NE(server.stderr_text().find("entry 2, field displayName"), std::string::npos) << server.stderr_text();
}

TEST(FakeOmniProcess, BadRateIsAUsageError) {
  support::TempDir dir;
  support::write_pki(support::make_test_pki(), dir / "pki");
  support::ChildProcess server({{kFakeOmni, "--cert-dir", (dir / "pki").string(), "--rate", "sixty"}});
  auto status = server.wait(30s);
  ASSERT_TRUE(status);
  EXPECT_NE(status->exit_code, 0);
  EXPECT_NE(server.stderr_text().find("--rate"), std::string::npos);
}

}  // namespace
}  // namespace oss::fake_omni::testing
