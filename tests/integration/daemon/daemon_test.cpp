// The daemon as a process: convergence, health and readiness, the source watcher, SIGHUP reloads, SIGTERM
// in the middle of a cycle, a refused key, and the metrics text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <set>
#include <sstream>

#include "daemon_harness.hpp"
#include "support/file_io.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(DaemonTest, RunConvergesAndBecomesReadyAfterTheFirstCycle) {
  start_daemon();
  expect_eventually([&] { return has_user("ann@example.com") && has_user("bob@example.com"); }, 10s,
                    "the daemon creates the users of the CSV");
  expect_eventually([&] { return status_of("/readyz") == 200; }, 5s, "/readyz answers 200 after a good cycle");
  EXPECT_EQ(status_of("/healthz"), 200u);
  EXPECT_EQ(server().user_count(), 2u);
  EXPECT_EQ(status_of("/nowhere"), 404u);
  EXPECT_TRUE(daemon().running());
  // The daemon logs a line per cycle instead of printing the plan.
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("cycle finished result=in_step applied=2"));
  EXPECT_EQ(daemon().stdout_text(), "");
}

TEST_F(DaemonTest, TheLogSaysWhatEachCycleWithheldAndWhatItChanged) {
  // Ten people at Omni the source no longer lists (over the 10 % guard), and one newcomer.
  for (int i = 0; i < 10; ++i) server().seed_user({"old" + std::to_string(i) + "@example.com", "Old"});
  write_users({"ann@example.com"});
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");   // the harness turns the removal guard off; on again
  config.replace(config.find("max_deletes: 1000"), 17, "max_deletes: 25");
  config.replace(config.find("max_delete_percent: 100"), 23, "max_delete_percent: 10");
  support::write_file(dir_ / "config.yaml", config);
  start_daemon();
  expect_eventually([&] { return has_user("ann@example.com"); }, 10s, "the newcomer is created");
  expect_eventually([&] { return daemon().stderr_text().find("cycle finished") != std::string::npos; }, 5s,
                    "the cycle's line");
  const std::string log = daemon().stderr_text();
  EXPECT_THAT(log, HasSubstr("withheld op=delete target=old0@example.com kind=delete_threshold "
                             "reason=\"10 removals of 10 remote users exceed sync.max_delete_percent=10%"));
  EXPECT_THAT(log, HasSubstr("applied op=create target=ann@example.com change=\"+ create ann@example.com"));
  EXPECT_EQ(server().user_count(), 11u) << "nobody deleted";
}

TEST_F(DaemonTest, NotReadyBeforeTheFirstCycleThenSighupRunsOne) {
  settings_.run_on_start = false;
  write_config();
  start_daemon();
  expect_eventually([&] { return status_of("/healthz") == 200; }, 5s, "/healthz answers while the loop runs");
  auto ready = get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503u);
  EXPECT_THAT(ready->body, HasSubstr("no_success_yet"));
  EXPECT_EQ(server().user_count(), 0u) << "run_on_start: false waits an interval";

  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return status_of("/readyz") == 200; }, 10s, "a reload runs a cycle at once");
  EXPECT_EQ(server().user_count(), 2u);
}

TEST_F(DaemonTest, ChangedCsvIsAppliedWithinSecondsWhenWatched) {
  settings_.watch = true;
  write_config();
  start_daemon();
  expect_eventually([&] { return server().user_count() == 2; }, 10s, "first cycle");
  write_users({"ann@example.com", "bob@example.com", "cy@example.com"});
  // Debounce (2 s) plus a cycle: far below the one-hour interval of this configuration.
  expect_eventually([&] { return has_user("cy@example.com"); }, 8s, "the watcher starts a cycle after the change");
  write_users({"ann@example.com", "cy@example.com"});
  expect_eventually([&] { return !has_user("bob@example.com"); }, 8s, "a removal is applied too");
}

TEST_F(DaemonTest, SighupReloadKeepsTheOldConfigurationWhenTheNewOneIsInvalid) {
  start_daemon();
  expect_eventually([&] { return server().user_count() == 2; }, 10s, "first cycle");

  support::write_file(dir_ / "config.yaml", support::read_file(dir_ / "config.yaml") + "surprise_key: 1\n");
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return daemon().stderr_text().find("reload failed") != std::string::npos; }, 5s,
                    "an invalid configuration is reported");
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("surprise_key"));
  EXPECT_TRUE(daemon().running());
  EXPECT_EQ(status_of("/healthz"), 200u);
  EXPECT_EQ(metric("omni_scim_sync_config_reloads_total{result=\"failed\"}"), 1);

  // A valid one with another source file takes effect in the cycle after the reload.
  settings_.source_file = "people.csv";
  write_users({"dee@example.com"});
  write_config();
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return has_user("dee@example.com") && !has_user("ann@example.com"); }, 10s,
                    "the reloaded configuration reads people.csv");
  EXPECT_EQ(metric("omni_scim_sync_config_reloads_total{result=\"ok\"}"), 1);
}

TEST_F(DaemonTest, SigtermMidCycleExitsZeroWithinTheBoundAndTheAuditLogMatchesOmni) {
  std::vector<std::string> many;
  for (int i = 0; i < 60; ++i) many.push_back("user" + std::to_string(i) + "@example.com");
  write_users(many);
  settings_.max_in_flight = 2;
  settings_.timeout_seconds = 3;
  write_config();
  server().faults().set_latency(150ms);   // about 5 s of creates: time to stop it in the middle
  start_daemon();
  expect_eventually([&] { return server().user_count() >= 6; }, 10s, "the cycle is under way");

  const auto signalled = std::chrono::steady_clock::now();
  daemon().send_signal(SIGTERM);
  // The bound is timeout_seconds plus a 5 s margin; in-flight requests here take 150 ms.
  auto status = daemon().wait(std::chrono::milliseconds(8000 + 2000));
  ASSERT_TRUE(status) << "still running after the shutdown bound";
  EXPECT_TRUE(status->exited && status->exit_code == 0) << status->describe() << "\n" << daemon().stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 3s) << "only the requests in flight are waited for";
  const std::size_t created = server().user_count();
  EXPECT_LT(created, many.size()) << "stopped in the middle, not at the end";

  // Every line is whole JSON, and the log names exactly the users Omni now has.
  std::istringstream lines(support::read_file(dir_ / "state" / "audit.log"));
  std::set<std::string> applied;
  for (std::string line; std::getline(lines, line);) {
    auto entry = boost::json::parse(line).as_object();
    if (entry.at("outcome").as_string() == "applied") applied.insert(std::string(entry.at("userName").as_string()));
  }
  EXPECT_EQ(applied.size(), created);
  for (const auto& user : server().users()) EXPECT_TRUE(applied.count(user.user_name)) << user.user_name;
}

TEST_F(DaemonTest, ServerDownMeansHealthyButNotReadyUntilItComesBack) {
  stop_server();
  start_daemon();
  expect_eventually([&] { return metric("omni_scim_sync_cycles_total{result=\"omni_failed\"}") == 1; }, 15s,
                    "the first cycle fails and is counted");
  EXPECT_TRUE(daemon().running()) << "a failed cycle does not stop the daemon";
  EXPECT_EQ(status_of("/healthz"), 200u);
  auto ready = get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503u);
  EXPECT_THAT(ready->body, HasSubstr("the last cycle ended omni_failed"));
  // A reason code only: the failure's text (the address, the error) is for the log, not for whoever reaches the port.
  EXPECT_THAT(ready->body, Not(HasSubstr("cannot reach")));
  EXPECT_THAT(ready->body, Not(HasSubstr("127.0.0.1")));
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("cannot reach Omni at https://127.0.0.1"));

  start_server();
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return status_of("/readyz") == 200; }, 10s, "ready once a cycle succeeds");
  EXPECT_EQ(server().user_count(), 2u);
}

TEST_F(DaemonTest, RefusedKeyStopsSyncingAndReportsUnhealthyUntilAReloadFixesIt) {
  start_daemon();
  expect_eventually([&] { return status_of("/readyz") == 200; }, 10s, "first cycle");
  server().revoke_key(kDaemonOrgKey);
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return status_of("/healthz") == 503; }, 10s, "a refused key makes /healthz fail");
  EXPECT_EQ(status_of("/readyz"), 503u);
  EXPECT_TRUE(daemon().running());

  server().add_org_key("a-new-org-key");
  support::write_private_file(dir_ / "api-key", "a-new-org-key\n");
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return status_of("/healthz") == 200 && status_of("/readyz") == 200; }, 10s,
                    "a reload with a working key resumes syncing");
}

TEST_F(DaemonTest, PersonalAccessTokenAtStartUpIsAConfigurationError) {
  server().add_pat("a-personal-token");
  support::write_private_file(dir_ / "api-key", "a-personal-token\n");
  start_daemon();
  auto status = daemon().wait(10s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 78) << daemon().stderr_text();
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("refused"));
}

TEST_F(DaemonTest, MetricsAreValidPrometheusTextAndTheCountersMove) {
  start_daemon();
  expect_eventually([&] { return status_of("/readyz") == 200; }, 10s, "first cycle");
  auto first = get("/metrics");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200u);
  const auto before = parse_prometheus(first->body);
  EXPECT_EQ(before.at("omni_scim_sync_cycles_total{result=\"in_step\"}"), 1);
  EXPECT_EQ(before.at("omni_scim_sync_operations_applied_total{op=\"create\"}"), 2);
  EXPECT_EQ(before.at("omni_scim_sync_source_records"), 2);
  EXPECT_EQ(before.at("omni_scim_sync_http_requests_total{method=\"POST\",status=\"201\"}"), 2);
  EXPECT_GT(before.at("omni_scim_sync_last_success_timestamp_seconds"), 1.6e9);
  EXPECT_EQ(before.at("omni_scim_sync_ready"), 1);

  write_users({"ann@example.com"});
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return metric("omni_scim_sync_cycles_total{result=\"in_step\"}") == 2; }, 10s,
                    "a second cycle");
  const auto after = parse_prometheus(get("/metrics")->body);
  EXPECT_GT(after.at("omni_scim_sync_http_requests_started_total"), before.at("omni_scim_sync_http_requests_started_total"))
      << "counters keep counting across the reload's new scheduler";
  EXPECT_EQ(after.at("omni_scim_sync_operations_applied_total{op=\"delete\"}"), 1);
  EXPECT_EQ(after.at("omni_scim_sync_planned_users{op=\"delete\"}"), 1);
  EXPECT_EQ(after.at("omni_scim_sync_source_records"), 1);
}

TEST_F(DaemonTest, HealthcheckCommandExitsZeroWhenHealthyAndOneWhenNothingAnswers) {
  std::string said;
  auto healthcheck = [&] {
    support::ChildProcess probe(support::ChildOptions{
        {std::string(OSS_BINARY_DIR) + "/daemon/omni-scim-sync", "--config", (dir_ / "config.yaml").string(), "healthcheck"}});
    auto status = probe.wait(10s);
    said = probe.stderr_text();
    return status ? status->exit_code : -1;
  };
  EXPECT_EQ(healthcheck(), 1) << "no daemon yet";
  // In words, without Boost's internals ("[system:111 at /usr/include/boost/...]").
  EXPECT_THAT(said, HasSubstr("Connection refused (is omni-scim-sync run going"));
  EXPECT_THAT(said, ::testing::Not(HasSubstr("/usr/include")));
  EXPECT_THAT(said, ::testing::Not(HasSubstr("[system:")));
  start_daemon();
  expect_eventually([&] { return status_of("/healthz") == 200; }, 10s, "daemon up");
  EXPECT_EQ(healthcheck(), 0);
}

}  // namespace
}  // namespace oss::testing
