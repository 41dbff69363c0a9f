#include <gtest/gtest.h>

#include "service/cycle_timing.hpp"

namespace oss::service {
namespace {

using namespace std::chrono_literals;

TEST(CycleTiming, JitterStaysWithinTenPercentAndActuallyVaries) {
  std::mt19937_64 rng(42);
  auto low = std::chrono::steady_clock::duration::max();
  auto high = std::chrono::steady_clock::duration::min();
  for (int i = 0; i < 2000; ++i) {
    const auto delay = next_cycle_delay(900s, 0, rng);
    EXPECT_GE(delay, 810s);
    EXPECT_LE(delay, 990s);
    low = std::min(low, delay);
    high = std::max(high, delay);
  }
  // Spread over most of the ±10 % band, so a fleet started together drifts apart.
  EXPECT_LT(low, 830s);
  EXPECT_GT(high, 970s);
}

TEST(CycleTiming, BackoffDoublesPerFailedCycleUpToFourIntervals) {
  struct Row {
    int failures;
    std::chrono::seconds expected;
  };
  for (const Row& row : {Row{0, 60s}, Row{1, 60s}, Row{2, 120s}, Row{3, 240s}, Row{4, 240s}, Row{50, 240s}}) {
    EXPECT_EQ(backoff_delay(60s, row.failures), row.expected) << row.failures << " failures";
  }
}

TEST(CycleTiming, JitterAppliesOnTopOfBackoff) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    const auto delay = next_cycle_delay(60s, 3, rng);
    EXPECT_GE(delay, 216s);
    EXPECT_LE(delay, 264s);
  }
}

}  // namespace
}  // namespace oss::service
