#pragma once
// End-to-end: the built `omni-scim-sync` binary as a process, against the fake Omni server over real TLS on
// loopback, with a real CSV file, a real config file and a real state folder.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fake_omni/fake_omni_server.hpp"
#include "support/child_process.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::testing {

inline constexpr const char* kOrgKey = "e2e-organization-key-5f1c9a";
inline constexpr const char* kPat = "e2e-personal-token-77d0b2";
inline const std::string kBinary = std::string(OSS_BINARY_DIR) + "/daemon/omni-scim-sync";

inline const support::TestPki& e2e_pki() {
  static const support::TestPki pki = support::make_test_pki();
  return pki;
}

using support::RunResult;

struct Person {
  std::string user_name;
  std::string display_name;
  bool active = true;
  std::string region;
};

class SyncTest : public ::testing::Test {
 protected:
  SyncTest()
      : server_(fake_omni::TlsIdentity{e2e_pki().server_cert_pem, e2e_pki().server_key_pem},
                fake_omni::FakeOmniOptions{100, std::nullopt, true, 11}) {
    own_user_id_ = server_.add_org_key(kOrgKey);
    server_.add_pat(kPat);
    server_.start();
    support::write_file(dir_ / "ca.pem", e2e_pki().ca_pem);
  }

  // The config every test starts from; `sync_extra` lines are appended under sync:.
  void write_config(const std::string& sync_extra = "", const std::string& omni_extra = "") {
    std::ostringstream config;
    config << "omni:\n"
           << "  base_url: " << server_.base_url() << "\n"
           << "  ca_file: ca.pem\n"
           << "  requests_per_minute: " << requests_per_minute_ << "\n"
           << "  rate_window_seconds: 1\n"
           << "  timeout_seconds: 5\n"
           << "  max_retries: 3\n"
           << omni_extra << "source:\n"
           << "  type: csv\n"
           << "  path: users.csv\n"
           << "sync:\n"
           << "  manage_attributes: [region]\n"
           << sync_extra << "logging:\n  level: info\n"
           << "metrics:\n  listen: \"\"\n"
           << "state_dir: state\n";
    support::write_file(dir_ / "config.yaml", config.str());
  }

  void write_source(const std::vector<Person>& people) {
    std::string csv = "userName,displayName,active,attributes.region\n";
    for (const auto& p : people)
      csv += p.user_name + "," + p.display_name + "," + (p.active ? "true" : "false") + "," + p.region + "\n";
    support::write_file(dir_ / "users.csv", csv);
  }

  support::ChildOptions options(std::vector<std::string> args, const std::string& key = kOrgKey) const {
    std::vector<std::string> argv{kBinary, "--config", (dir_ / "config.yaml").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    support::ChildOptions child(argv, {{"OMNI_API_KEY", key}});
    child.working_dir = dir_.path();
    return child;
  }

  RunResult sync(std::vector<std::string> args = {}, const std::string& key = kOrgKey) {
    args.insert(args.begin(), "sync");
    support::ChildProcess process(options(args, key));
    const auto status = process.wait(std::chrono::seconds(120));
    EXPECT_TRUE(status) << "sync did not finish";
    return support::collect(process, status);
  }

  // userName -> (displayName, active, region) as Omni holds it.
  std::map<std::string, std::tuple<std::string, bool, std::string>> server_state() const {
    std::map<std::string, std::tuple<std::string, bool, std::string>> state;
    for (const auto& stored : server_.users()) {
      const auto user = fake_omni::to_remote_user(stored).user;
      const auto region = user.attributes.find("region");
      state[user.user_name] = {user.display_name, user.active,
                               region ? std::get<std::string>(*region) : std::string()};
    }
    return state;
  }

  std::size_t writes() const {
    return server_.request_count("POST") + server_.request_count("PATCH") + server_.request_count("PUT") +
           server_.request_count("DELETE");
  }

  std::size_t scim_requests() const {
    std::size_t n = 0;
    for (const auto& request : server_.requests())
      if (request.path().rfind("/api/scim/", 0) == 0) ++n;
    return n;
  }

  support::TempDir dir_{"oss-sync-e2e"};
  fake_omni::FakeOmniServer server_;
  std::string own_user_id_;
  int requests_per_minute_ = 60000;
};

}  // namespace oss::testing
