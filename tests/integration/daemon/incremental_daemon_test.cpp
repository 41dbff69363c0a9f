// The daemon's incremental cycles, counted by the fake server: after the full reconcile at start-up, a cycle
// with an unchanged source sends nothing, a changed person sends only their write, and the full reconcile
// comes back on its own beat (sync.full_interval_seconds).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon_harness.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kFull = "omni_scim_sync_cycles_by_kind_total{kind=\"full\"}";
const std::string kIncremental = "omni_scim_sync_cycles_by_kind_total{kind=\"incremental\"}";

TEST_F(DaemonTest, InStepCyclesSendNoRequestAndAChangeSendsOnlyItsWrite) {
  // 150 people: Omni's list is 2 pages, so one change (K = 1 < 2) is cheaper sent alone than after a list.
  std::vector<std::string> people;
  for (int i = 0; i < 150; ++i) people.push_back("person" + std::to_string(i) + "@example.com");
  write_users(people);
  settings_.watch = true;
  write_config();
  start_daemon();
  expect_eventually([&] { return metric(kFull) == 1; }, 10s, "the full reconcile at start-up");
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("full_reason=\"first cycle since start-up or reload\""));
  server().clear_requests();

  // The export rewritten three times with the same people: three cycles, not one request.
  for (int cycle = 1; cycle <= 3; ++cycle) {
    write_users(people);
    expect_eventually([&] { return metric(kIncremental) == cycle; }, 10s, "an incremental cycle after the rewrite");
  }
  EXPECT_EQ(server().requests().size(), 0u) << "counted by the server";
  EXPECT_EQ(metric("omni_scim_sync_last_cycle_requests"), 0);

  people.push_back("cy@example.com");
  write_users(people);
  expect_eventually([&] { return has_user("cy@example.com"); }, 10s, "the newcomer is created");
  expect_eventually([&] { return metric(kIncremental) == 4; }, 5s, "by an incremental cycle");
  ASSERT_EQ(server().requests().size(), 1u);
  EXPECT_EQ(server().requests()[0].method, "POST");
  EXPECT_EQ(metric(kFull), 1);
  EXPECT_GE(metric("omni_scim_sync_remote_cache_age_seconds"), 0);
}

TEST_F(DaemonTest, TheFullReconcileRunsOnItsBeatAndHealsAHandEdit) {
  settings_.interval_seconds = 10;
  settings_.full_interval_seconds = 14;
  write_config();
  start_daemon();
  expect_eventually([&] { return metric(kFull) == 1; }, 10s, "the full reconcile at start-up");
  const auto ann = server().find_user("ann@example.com");
  ASSERT_TRUE(ann);
  server().rename_user_by_hand(ann->id, "Edited By Hand");
  // Cycles come every 9-11 s: the first one after start-up is incremental (the cache is younger than 14 s) and
  // cannot see the edit; the daemon then wakes for the full reconcile when it is due, not a whole interval later.
  expect_eventually([&] { return metric(kIncremental) == 1; }, 14s, "an incremental cycle first");
  EXPECT_EQ(server().find_user("ann@example.com")->display_name, "Edited By Hand");
  expect_eventually([&] { return metric(kFull) == 2; }, 8s, "the full reconcile on its beat");
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("sync.full_interval_seconds: 14"));
  expect_eventually([&] { return server().find_user("ann@example.com")->display_name == "ann"; }, 5s,
                    "the hand edit healed by the full reconcile");
}

}  // namespace
}  // namespace oss::testing
