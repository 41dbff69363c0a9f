// The cycle deadline's arithmetic, with the time passed in.
#include <gtest/gtest.h>

#include "sync/cycle_deadline.hpp"

namespace oss::sync {
namespace {

using namespace std::chrono_literals;
using Clock = CycleDeadline::Clock;

TEST(CycleDeadline, StartsAtTheFloorAndGrowsWithTheRequestsItLearnsOf) {
  CycleDeadline deadline(3600s, 60);   // Omni's quota: a second a request
  const Clock::time_point t0{};
  deadline.start(t0);
  EXPECT_EQ(deadline.deadline(), t0 + 3600s);
  EXPECT_FALSE(deadline.passed(t0 + 3599s));
  EXPECT_TRUE(deadline.passed(t0 + 3600s));

  // An initial load of 10,000 creates planned 5 minutes in: 2.8 hours at the quota, twice that allowed.
  deadline.expect_requests(10'000, t0 + 300s);
  EXPECT_EQ(deadline.deadline(), t0 + 300s + 3600s + 20'000s);
  EXPECT_FALSE(deadline.passed(t0 + 6h));

  // Learning of little more never brings it forward.
  deadline.expect_requests(1, t0 + 400s);
  EXPECT_EQ(deadline.deadline(), t0 + 300s + 3600s + 20'000s);
}

TEST(CycleDeadline, EachCycleStartsAfresh) {
  CycleDeadline deadline(10s, 6000);
  const Clock::time_point t0{};
  deadline.start(t0);
  deadline.expect_requests(100'000, t0);
  deadline.start(t0 + 1h);
  EXPECT_EQ(deadline.deadline(), t0 + 1h + 10s);
}

}  // namespace
}  // namespace oss::sync
