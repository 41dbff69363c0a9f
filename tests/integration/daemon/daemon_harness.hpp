#pragma once
// The built omni-scim-sync binary running `run` as its own process, against the fake Omni server in this
// process (real TLS on loopback), with its health/metrics endpoint on a free loopback port.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_omni/fake_omni_server.hpp"
#include "service/health_probe.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::testing {

inline constexpr const char* kDaemonOrgKey = "org-key-for-the-daemon-tests";

// A loopback port nobody listens on right now (bound and released: good enough for tests).
std::uint16_t free_loopback_port();

// Polls `condition` every 50 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

struct ConfigSettings {
  std::string base_url;
  std::uint16_t metrics_port = 0;
  bool watch = false;
  bool run_on_start = true;
  int timeout_seconds = 5;
  int max_in_flight = 4;
  std::string source_file = "users.csv";
  int interval_seconds = 3600;
  int full_interval_seconds = 21600;
  std::string extra_sync;   // more YAML lines under sync:, indented two spaces
};

class DaemonTest : public ::testing::Test {
 protected:
  DaemonTest();
  ~DaemonTest() override;

  // The fake server on a fixed port, so a test can stop it and start it again at the same address.
  void start_server();
  void stop_server();
  fake_omni::FakeOmniServer& server() { return *server_; }

  void write_config(const ConfigSettings& settings);
  void write_config() { write_config(settings_); }
  void write_users(const std::vector<std::string>& user_names);

  // Starts `omni-scim-sync --config <dir>/config.yaml run`, with `ulimit -n` daemon_open_files_limit_ if set.
  support::ChildProcess& start_daemon(std::vector<std::pair<std::string, std::string>> env = {});
  support::ChildProcess& daemon() { return *daemon_; }

  // GET on the daemon's endpoint; nullopt when nothing answers.
  std::optional<service::ProbeAnswer> get(const std::string& target);
  unsigned status_of(const std::string& target);
  // One sample of /metrics (name with labels, as printed); -1 when absent or nothing answers.
  double metric(const std::string& sample);
  bool has_user(const std::string& user_name) const { return server_->find_user(user_name).has_value(); }
  // Fails the test with the daemon's stderr when it does not hold within the timeout.
  void expect_eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout, const std::string& what);

  support::TempDir dir_{"oss-daemon-test"};
  ConfigSettings settings_;
  std::uint16_t server_port_ = 0;
  std::optional<rlim_t> daemon_open_files_limit_;

 private:
  std::unique_ptr<fake_omni::FakeOmniServer> server_;
  std::unique_ptr<support::ChildProcess> daemon_;
};

// Prometheus text: sample name with labels ("omni_scim_sync_cycles_total{result=\"in_step\"}") -> value.
// Throws std::runtime_error naming the line that is not valid exposition format.
std::map<std::string, double> parse_prometheus(const std::string& text);

}  // namespace oss::testing
