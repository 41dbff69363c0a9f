#pragma once
// Fault tests: the built `omni-scim-sync` binary as a process against the fake Omni server over real TLS, with a
// plan of 200 operations (160 creates, 20 updates, 20 deletes) and one fault injected while it is applied.
// The checks every fault shares live here: convergence, no user created twice, nothing deleted that the source
// lists, and a summary line that adds up.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fake_omni/fake_omni_server.hpp"
#include "support/child_process.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::testing {

inline constexpr const char* kFaultKey = "fault-matrix-organization-key-3b8e2d";
inline const std::string kSyncBinary = std::string(OSS_BINARY_DIR) + "/daemon/omni-scim-sync";

const support::TestPki& fault_pki();

using support::RunResult;

struct Person {
  std::string user_name;
  std::string display_name;
  std::string region;
};

// The numbers of a run's closing line: "Applied A (...), failed F (...), withheld W[, adopted D][, already gone G]
// [, not started S]; R requests, Q rate-limited (429), T s."
struct RunSummary {
  std::size_t applied = 0, failed = 0, withheld = 0, adopted = 0, gone = 0, not_started = 0;
  std::size_t requests = 0, rate_limited = 0;
};
// nullopt when `out` has no summary line.
std::optional<RunSummary> parse_summary(const std::string& out);
// The total of "Plan: c to create, u to update, d to deactivate, x to delete".
std::optional<std::size_t> parse_planned(const std::string& out);

struct ConfigSettings {
  int requests_per_minute = 60000;
  double rate_window_seconds = 1;
  double timeout_seconds = 5;
  int max_retries = 3;
  int page_size = 10;           // several list pages for 40 remote users
};

class FaultTest : public ::testing::Test {
 protected:
  FaultTest();
  ~FaultTest() override;

  // Omni before the run: 20 people the source renames, 20 leavers. The source: those 20 plus 160 new people.
  void seed_scenario();
  void write_config(const ConfigSettings& settings = {});
  void write_source(const std::vector<Person>& people);

  support::ChildOptions sync_options(std::vector<std::string> args = {}) const;
  RunResult sync(std::vector<std::string> args = {});
  // The same, calling `tick` every few milliseconds while the process runs (to inject a fault at the right moment).
  RunResult sync_watching(const std::function<void(support::ChildProcess&)>& tick, std::vector<std::string> args = {});

  // Replaces the server with a fresh one on the same port holding the same users and key (a server that was
  // gone and came back).
  void restart_server();
  // Takes the server away: connections to its port are refused.
  void stop_server();

  // Assertions shared by the matrix.
  void expect_converged() const;            // Omni holds exactly the source (plus nobody else)
  void expect_no_user_created_twice() const;  // at most one POST answered 201 per userName, over every run
  void expect_no_listed_user_deleted() const;  // DELETEs only ever named a seeded leaver's id
  // The summary adds up to the plan, the exit status matches it, and the 429s it counts are the server's.
  void expect_honest_summary(const RunResult& run, std::size_t first_request) const;
  // Runs again when `first` did not finish cleanly; the rerun must exit 0. Then checks the shared assertions.
  void expect_converges_within_one_more_run(const RunResult& first);

  std::size_t writes_since(std::size_t first_request) const;
  std::size_t recorded() const { return server_->requests().size(); }

  support::TempDir dir_{"oss-faults"};
  std::unique_ptr<fake_omni::FakeOmniServer> server_;
  std::uint16_t port_ = 0;
  std::vector<fake_omni::StoredUser> last_users_;  // what a stopped server held
  int restarts_ = 0;
  std::vector<Person> source_;
  std::set<std::string> leaver_ids_;
  // Users of servers replaced by restart_server(), so that the record covers every run.
  std::vector<fake_omni::RecordedRequest> earlier_requests_;

  std::vector<fake_omni::RecordedRequest> all_requests() const;
};

}  // namespace oss::testing
