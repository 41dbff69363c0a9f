#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

#include "schedule/backoff.hpp"

namespace oss::schedule {
namespace {

using namespace std::chrono_literals;
using duration = std::chrono::steady_clock::duration;

TEST(BackoffCeiling, DoublesFromBaseUpToTheCap) {
  const Backoff backoff{1s, 60s};
  EXPECT_EQ(backoff_ceiling(backoff, 0), 1s);
  EXPECT_EQ(backoff_ceiling(backoff, 1), 2s);
  EXPECT_EQ(backoff_ceiling(backoff, 5), 32s);
  EXPECT_EQ(backoff_ceiling(backoff, 6), 60s);
  EXPECT_EQ(backoff_ceiling(backoff, 7), 60s);
}

TEST(BackoffCeiling, LargeAndOddAttemptsDoNotOverflow) {
  const Backoff backoff{1s, 60s};
  for (int attempt : {30, 31, 32, 33, 62, 63, 64, 65, 1000, std::numeric_limits<int>::max()})
    EXPECT_EQ(backoff_ceiling(backoff, attempt), 60s) << attempt;
  EXPECT_EQ(backoff_ceiling(backoff, -1), 1s);
  EXPECT_EQ(backoff_ceiling(backoff, std::numeric_limits<int>::min()), 1s);
  // A cap near the representable maximum still saturates instead of wrapping.
  const Backoff huge{1ns, duration::max()};
  EXPECT_EQ(backoff_ceiling(huge, 62), duration(std::int64_t{1} << 62));
  EXPECT_EQ(backoff_ceiling(huge, 63), duration::max());
}

TEST(BackoffCeiling, DegenerateSettingsGiveNoDelay) {
  EXPECT_EQ(backoff_ceiling(Backoff{0s, 60s}, 3), 0s);
  EXPECT_EQ(backoff_ceiling(Backoff{1s, 0s}, 3), 0s);
  EXPECT_EQ(backoff_ceiling(Backoff{-1s, 60s}, 3), 0s);
  // A base above the cap is held to the cap from the first retry.
  EXPECT_EQ(backoff_ceiling(Backoff{90s, 60s}, 0), 60s);
}

TEST(FullJitterDelay, StaysWithinBoundsAndSpreadsOut) {
  const Backoff backoff{100ms, 5s};
  std::mt19937_64 rng(42);
  for (int attempt = 0; attempt < 12; ++attempt) {
    const duration ceiling = backoff_ceiling(backoff, attempt);
    duration low = duration::max();
    duration high = duration::zero();
    for (int draw = 0; draw < 2000; ++draw) {
      const duration delay = full_jitter_delay(backoff, attempt, rng);
      ASSERT_GE(delay, 0s);
      ASSERT_LE(delay, ceiling);
      low = std::min(low, delay);
      high = std::max(high, delay);
    }
    // Full jitter: the draws cover most of [0, ceiling], not a narrow band around it.
    EXPECT_LT(low, ceiling / 10) << attempt;
    EXPECT_GT(high, ceiling * 9 / 10) << attempt;
  }
}

TEST(FullJitterDelay, MeanGrowsWithAttemptsUntilTheCap) {
  const Backoff backoff{1s, 60s};
  std::mt19937_64 rng(7);
  const auto mean = [&](int attempt) {
    double sum = 0;
    for (int draw = 0; draw < 4000; ++draw)
      sum += std::chrono::duration<double>(full_jitter_delay(backoff, attempt, rng)).count();
    return sum / 4000;
  };
  const double m0 = mean(0), m2 = mean(2), m4 = mean(4), m10 = mean(10), m40 = mean(40);
  EXPECT_NEAR(m0, 0.5, 0.05);
  EXPECT_NEAR(m2, 2.0, 0.2);
  EXPECT_NEAR(m4, 8.0, 0.8);
  EXPECT_NEAR(m10, 30.0, 3.0);   // capped: uniform in [0, 60 s]
  EXPECT_NEAR(m40, 30.0, 3.0);
}

TEST(FullJitterDelay, ZeroCeilingGivesZero) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(full_jitter_delay(Backoff{0s, 0s}, 5, rng), 0s);
}

}  // namespace
}  // namespace oss::schedule
