// The fault matrix: one fault per test while a 200-operation plan is applied. Every test ends with the same
// promises: Omni equals the source after at most one more run, nobody was created twice, nobody the source lists
// was deleted, and the exit status and summary say what happened.
#include <gmock/gmock.h>

#include "fault_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using fake_omni::DropPoint;
using fake_omni::ListCorruption;
using fake_omni::RateLimit;
using fake_omni::RetryAfterStyle;

constexpr std::size_t kSeededUsers = 40;

class FaultMatrix : public FaultTest {
 protected:
  void SetUp() override { seed_scenario(); }

  // A 429 storm: the server allows 40 requests a second while the client is configured for 1000.
  // Without Retry-After the client falls back to exponential backoff (from 1 s, growing with each 429 in a row),
  // so that storm blows over after `storm` to keep the test short; the others last the whole run.
  void run_429_storm(RetryAfterStyle style, std::chrono::milliseconds storm = std::chrono::minutes(10)) {
    server_->set_rate_limit(RateLimit{40, std::chrono::milliseconds(1000), style});
    write_config({.max_retries = 8});
    const auto started = std::chrono::steady_clock::now();
    const auto run = sync_watching([&](support::ChildProcess&) {
      if (std::chrono::steady_clock::now() - started > storm) server_->set_rate_limit(std::nullopt);
    });
    const auto summary = parse_summary(run.out);
    ASSERT_TRUE(summary) << run.out << run.err;
    EXPECT_GT(summary->rate_limited, 0u) << "the storm never hit";
    EXPECT_THAT(run.code(), AnyOf(0, 1)) << run.err;
    expect_honest_summary(run, 0);
    expect_converges_within_one_more_run(run);
  }

  // A corrupted first list page: the run must stop before any write, say why, and exit 1.
  void run_with_corrupt_list(ListCorruption how) {
    write_config();
    server_->faults().corrupt_next_lists(1, how);
    const auto run = sync();
    EXPECT_EQ(run.code(), 1) << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr("cannot list Omni's users"));
    EXPECT_EQ(writes_since(0), 0u) << "nothing may be written (least of all deleted) from a list that failed";
    EXPECT_EQ(server_->user_count(), kSeededUsers);
    expect_honest_summary(run, 0);
    expect_converges_within_one_more_run(run);
  }
};

TEST_F(FaultMatrix, NoFaultAppliesTheWholePlanInOneRun) {
  write_config();
  const auto run = sync();
  EXPECT_EQ(run.code(), 0) << run.err;
  EXPECT_EQ(parse_planned(run.out), 200u);
  EXPECT_THAT(run.out, HasSubstr("Applied 200 (create 160, delete 20, update 20), failed 0"));
  expect_honest_summary(run, 0);
  expect_converges_within_one_more_run(run);
}

TEST_F(FaultMatrix, A429StormWithRetryAfterSeconds) { run_429_storm(RetryAfterStyle::seconds); }
TEST_F(FaultMatrix, A429StormWithoutRetryAfter) { run_429_storm(RetryAfterStyle::none, std::chrono::seconds(4)); }
TEST_F(FaultMatrix, A429StormWithRetryAfterAsAnHttpDate) { run_429_storm(RetryAfterStyle::http_date); }

TEST_F(FaultMatrix, A503OnOneCallInFive) {
  server_->faults().fail_randomly(0.2, 503);
  write_config({.max_retries = 3});
  const auto run = sync();
  EXPECT_THAT(run.code(), AnyOf(0, 1)) << run.err;
  std::size_t failures = 0;
  for (const auto& request : server_->requests()) failures += request.status == 503;
  EXPECT_GT(failures, 20u) << "the fault never hit";
  expect_honest_summary(run, 0);
  expect_converges_within_one_more_run(run);
}

TEST_F(FaultMatrix, ConnectionsDroppedBeforeTheRequestIsHandled) {
  server_->faults().drop_randomly(0.1, DropPoint::before_handling);
  write_config({.max_retries = 5});
  const auto run = sync();
  EXPECT_THAT(run.code(), AnyOf(0, 1)) << run.err;
  expect_honest_summary(run, 0);
  expect_converges_within_one_more_run(run);
}

// The nasty one: the write happened, only the answer was lost. A retried POST must adopt (409), not duplicate.
TEST_F(FaultMatrix, ConnectionsDroppedAfterTheWriteTookEffect) {
  server_->faults().drop_randomly(0.1, DropPoint::after_handling);
  write_config({.max_retries = 5});
  const auto run = sync();
  EXPECT_THAT(run.code(), AnyOf(0, 1)) << run.err;
  std::size_t dropped_writes = 0;
  for (const auto& request : server_->requests()) dropped_writes += request.dropped && request.method != "GET";
  EXPECT_GT(dropped_writes, 5u) << "the fault never hit a write";
  expect_honest_summary(run, 0);
  expect_converges_within_one_more_run(run);
}

// Answers slower than the timeout (the smallest the loader allows is any positive value; 0.3 s here) for a
// while in the middle of the run: the writes take effect, the client gives up waiting and retries.
TEST_F(FaultMatrix, AnswersSlowerThanTheTimeout) {
  write_config({.timeout_seconds = 0.3, .max_retries = 5});
  bool slowed = false, restored = false;
  std::chrono::steady_clock::time_point slowed_at;
  const auto run = sync_watching([&](support::ChildProcess&) {
    if (!slowed && server_->user_count() >= kSeededUsers + 40) {
      server_->faults().set_latency(std::chrono::milliseconds(500));
      slowed = true;
      slowed_at = std::chrono::steady_clock::now();
    } else if (slowed && !restored && std::chrono::steady_clock::now() - slowed_at > std::chrono::milliseconds(1500)) {
      server_->faults().set_latency(std::chrono::milliseconds(0));
      restored = true;
    }
  });
  EXPECT_TRUE(slowed) << "the run ended before the fault";
  EXPECT_THAT(run.code(), AnyOf(0, 1)) << run.err;
  expect_honest_summary(run, 0);
  expect_converges_within_one_more_run(run);
}

TEST_F(FaultMatrix, AListPageWithAWrongTotalResults) { run_with_corrupt_list(ListCorruption::wrong_total); }
TEST_F(FaultMatrix, ATruncatedListPage) { run_with_corrupt_list(ListCorruption::truncated); }
TEST_F(FaultMatrix, AListPageThatIsNotJson) { run_with_corrupt_list(ListCorruption::not_json); }
TEST_F(FaultMatrix, AnHtmlErrorPageFromAProxy) { run_with_corrupt_list(ListCorruption::html); }
TEST_F(FaultMatrix, AListPageWithATotalBeyondAnyOrganisation) { run_with_corrupt_list(ListCorruption::huge_total); }

// The key revoked mid-run: the first 401 stops every further write; what was on the wire already may still land.
TEST_F(FaultMatrix, TheKeyRevokedMidRunStopsWritingAtOnce) {
  write_config();
  bool revoked = false;
  const auto run = sync_watching([&](support::ChildProcess&) {
    if (!revoked && server_->user_count() >= kSeededUsers + 50) revoked = server_->revoke_key(kFaultKey);
  });
  ASSERT_TRUE(revoked) << "the run ended before the fault";
  EXPECT_EQ(run.code(), 78) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("401"));
  const auto requests = server_->requests();
  const auto first_401 = std::find_if(requests.begin(), requests.end(), [](const auto& r) { return r.status == 401; });
  ASSERT_NE(first_401, requests.end());
  // Requests already in flight when the first 401 was answered may still arrive (the in-flight cap is 4).
  const auto after = static_cast<std::size_t>(std::count_if(first_401 + 1, requests.end(), [](const auto& r) {
    return r.method != "GET";
  }));
  EXPECT_LE(after, 3u) << "writes kept coming after the key was refused";
  EXPECT_EQ(server_->request_count("DELETE"), 0u) << "the removal phase must not start";
  const auto summary = parse_summary(run.out);
  ASSERT_TRUE(summary);
  EXPECT_GT(summary->not_started, 0u) << run.out;
  expect_honest_summary(run, 0);

  server_->add_org_key(kFaultKey);  // the admin issues the key again
  expect_converges_within_one_more_run(run);
}

// The server gone entirely in the middle of the run: a clear error, exit 1, and nothing lost once it is back.
TEST_F(FaultMatrix, TheServerGoneMidRun) {
  write_config({.max_retries = 1});
  bool gone = false;
  const auto run = sync_watching([&](support::ChildProcess&) {
    if (!gone && server_->user_count() >= kSeededUsers + 60) {
      stop_server();
      gone = true;
    }
  });
  ASSERT_TRUE(gone) << "the run ended before the fault";
  EXPECT_EQ(run.code(), 1) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("refused"));
  const auto summary = parse_summary(run.out);
  ASSERT_TRUE(summary) << run.out;
  EXPECT_GT(summary->failed, 0u);
  EXPECT_GE(last_users_.size(), kSeededUsers + 60) << "what was created stays";

  restart_server();
  expect_converges_within_one_more_run(run);
}

TEST_F(FaultMatrix, TheServerGoneBeforeTheRunIsExit1AndNothingSent) {
  stop_server();
  write_config({.max_retries = 1});
  const auto run = sync();
  EXPECT_EQ(run.code(), 1) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("cannot connect to 127.0.0.1:" + std::to_string(port_)));
  EXPECT_THAT(run.err, HasSubstr("refused"));
  restart_server();
  expect_converges_within_one_more_run(run);
}

}  // namespace
}  // namespace oss::testing
