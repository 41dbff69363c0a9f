#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/metrics.hpp"

namespace oss::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

sync::CycleResult applied_cycle() {
  sync::CycleResult result;
  result.outcome = sync::CycleOutcome::in_step;
  result.report.applied = {{"create", 2}, {"delete", 1}};
  result.report.failed = {{"update", 1}};
  result.source_records = 7;
  result.remote_users = 6;
  return result;
}

TEST(Metrics, EverySeriesExistsAtZeroBeforeTheFirstCycle) {
  Metrics metrics;
  const auto text = metrics.render({}, {});
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_cycles_total{result=\"omni_failed\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_operations_failed_total{op=\"deactivate\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_last_success_timestamp_seconds 0\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_ready 0\n"));
}

TEST(Metrics, CyclesAddUpAndGaugesFollowTheLastCycleThatPlanned) {
  Metrics metrics;
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  metrics.record_cycle(applied_cycle(), when);
  metrics.record_cycle(applied_cycle(), when);
  sync::CycleResult failed;
  failed.outcome = sync::CycleOutcome::omni_failed;
  metrics.record_cycle(failed, when + std::chrono::seconds(60));
  metrics.record_error();
  const auto text = metrics.render({}, HealthGauges{true, true, 2});
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_cycles_total{result=\"in_step\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_cycles_total{result=\"omni_failed\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_cycles_total{result=\"error\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_operations_applied_total{op=\"create\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_operations_failed_total{op=\"update\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_last_success_timestamp_seconds 1700000000\n"))
      << "a failed cycle does not move the last success";
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_source_records 7\n")) << "a failed list keeps the last figures";
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_consecutive_failed_cycles 2\n"));
}

TEST(Metrics, GraceAndTimeToRevokeFollowThePlanAndTheApply) {
  Metrics metrics;
  using std::chrono::days;
  const std::chrono::sys_days day0 = std::chrono::sys_days(std::chrono::year(2026) / 12 / 4);
  sync::CycleResult cycle = applied_cycle();
  cycle.plan.gone = {{"1", "a@x.co", day0, day0 + days(30)},
                     {"2", "b@x.co", day0 - days(40), day0 - days(10)},   // due, deleted by this plan
                     {"3", "c@x.co", day0 - days(5), day0 + days(25)}};
  cycle.plan.operations.emplace_back(plan::Delete{"2", "b@x.co", day0 - days(40), 30});
  cycle.started = std::chrono::steady_clock::time_point(std::chrono::seconds(100));
  cycle.report.revocations = {{true, cycle.started + std::chrono::milliseconds(400)},
                              {false, cycle.started + std::chrono::seconds(70)},
                              {false, cycle.started + std::chrono::seconds(4000)}};
  metrics.record_cycle(cycle, std::chrono::system_clock::now());
  const auto text = metrics.render({}, {});
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_people_in_grace 2\n"));
  // 2026-12-29 00:00 UTC, c@x.co's day: the earliest of those not deleted now.
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_next_deletion_timestamp_seconds 1798502400\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE omni_scim_sync_time_to_revoke_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_bucket{kind=\"source\",le=\"1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_bucket{kind=\"gone\",le=\"60\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_bucket{kind=\"gone\",le=\"300\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_bucket{kind=\"gone\",le=\"3600\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_bucket{kind=\"gone\",le=\"+Inf\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_count{kind=\"gone\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_time_to_revoke_seconds_sum{kind=\"gone\"} 4070\n"));
}

TEST(Metrics, SchedulerCountersSurviveAReplacedScheduler) {
  Metrics metrics;
  schedule::SchedulerStats old_stats;
  old_stats.responses[{"GET", 200}] = 5;
  old_stats.started = 6;
  old_stats.rate_limited = 1;
  old_stats.retries = 1;
  metrics.retire_scheduler(old_stats);
  schedule::SchedulerStats live;
  live.responses[{"GET", 200}] = 2;
  live.responses[{"POST", 429}] = 1;
  live.started = 3;
  live.queue_depth = 4;
  live.achieved_per_minute = 12.5;
  const auto text = metrics.render(live, {});
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_http_requests_total{method=\"GET\",status=\"200\"} 7\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_http_requests_total{method=\"POST\",status=\"429\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_http_requests_started_total 9\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_rate_limited_total 1\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_scheduler_queue_depth 4\n"));
  EXPECT_THAT(text, HasSubstr("omni_scim_sync_request_rate_per_minute 12.5\n"));
  EXPECT_THAT(text, Not(HasSubstr("omni_scim_sync_scheduler_queue_depth 0\n")));
}

}  // namespace
}  // namespace oss::service
