#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "service/health_state.hpp"

namespace oss::service {
namespace {

using namespace std::chrono_literals;
using sync::CycleOutcome;
using ::testing::HasSubstr;
using Clock = HealthState::Clock;

const Clock::time_point t0{};

TEST(HealthState, NotReadyBeforeAnyCycleButHealthy) {
  HealthState health(60s);
  EXPECT_FALSE(health.unhealthy_reason());
  EXPECT_THAT(health.not_ready_reason(t0).value_or(""), HasSubstr("no_success_yet"));
}

TEST(HealthState, ReadyAfterSuccessUntilThreeIntervalsPass) {
  HealthState health(60s);
  health.record_cycle(CycleOutcome::in_step, t0);
  EXPECT_FALSE(health.not_ready_reason(t0 + 180s)) << "exactly three intervals is still ready";
  EXPECT_THAT(health.not_ready_reason(t0 + 181s).value_or(""), HasSubstr("181 s ago"));
}

TEST(HealthState, FailuresAfterASuccessKeepReadinessUntilStaleAndNameTheReason) {
  HealthState health(60s);
  health.record_cycle(CycleOutcome::in_step, t0);
  health.record_cycle(CycleOutcome::omni_failed, t0 + 60s);
  EXPECT_EQ(health.consecutive_failures(), 1);
  EXPECT_FALSE(health.not_ready_reason(t0 + 120s));
  EXPECT_THAT(health.not_ready_reason(t0 + 200s).value_or(""), HasSubstr("stale: "));
  EXPECT_THAT(health.not_ready_reason(t0 + 200s).value_or(""), HasSubstr("ended omni_failed"));
}

TEST(HealthState, WhichOutcomesCountAsSuccessFailureOrNeither) {
  HealthState health(60s);
  health.record_cycle(CycleOutcome::guard_withheld, t0);
  EXPECT_FALSE(health.not_ready_reason(t0)) << "a guard doing its job is not a failure";
  health.record_cycle(CycleOutcome::some_failed, t0);
  health.record_cycle(CycleOutcome::source_failed, t0);
  health.record_error();
  EXPECT_EQ(health.consecutive_failures(), 3);
  health.record_cycle(CycleOutcome::interrupted, t0);
  EXPECT_EQ(health.consecutive_failures(), 3) << "an interrupted cycle neither fails nor succeeds";
  health.record_cycle(CycleOutcome::changes_pending, t0);
  EXPECT_EQ(health.consecutive_failures(), 0);
}

TEST(HealthState, RefusedKeyIsUnhealthyUntilReloaded) {
  HealthState health(60s);
  health.record_cycle(CycleOutcome::in_step, t0);
  health.record_cycle(CycleOutcome::key_refused, t0 + 1s);
  EXPECT_TRUE(health.key_refused());
  EXPECT_THAT(health.unhealthy_reason().value_or(""), HasSubstr("key_refused"));
  EXPECT_TRUE(health.not_ready_reason(t0 + 2s)) << "a fresh success does not make a refused key ready";
  health.reloaded(120s);
  EXPECT_FALSE(health.unhealthy_reason());
  EXPECT_FALSE(health.not_ready_reason(t0 + 300s)) << "the reload's interval (120 s) sets the staleness bound";
}

}  // namespace
}  // namespace oss::service
