#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

#include "schedule/sliding_window.hpp"

namespace oss::schedule {
namespace {

using namespace std::chrono_literals;
using time_point = SlidingWindow::time_point;
using duration = SlidingWindow::duration;

const time_point kT0 = time_point{} + 1000h;

// The largest number of starts inside any half-open window [t, t + window). The maximum is always reached by
// a window that begins at one of the starts, so checking those is checking every window.
std::size_t max_starts_in_any_window(std::vector<time_point> starts, duration window) {
  std::sort(starts.begin(), starts.end());
  std::size_t best = 0;
  std::size_t last = 0;
  for (std::size_t first = 0; first < starts.size(); ++first) {
    last = std::max(last, first);
    while (last < starts.size() && starts[last] < starts[first] + window) ++last;
    best = std::max(best, last - first);
  }
  return best;
}

TEST(SlidingWindow, RejectsNonsenseParameters) {
  EXPECT_THROW(SlidingWindow(0, 60s, 1s), std::invalid_argument);
  EXPECT_THROW(SlidingWindow(60, 0s, 1s), std::invalid_argument);
  EXPECT_THROW(SlidingWindow(60, -1s, 1s), std::invalid_argument);
  EXPECT_THROW(SlidingWindow(60, 60s, -1ms), std::invalid_argument);
  EXPECT_NO_THROW(SlidingWindow(1, 1ns, 0s));
}

TEST(SlidingWindow, FreeUntilTheLimitIsReached) {
  SlidingWindow window(3, 60s, 500ms);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(window.earliest_start(kT0 + k * 1s), kT0 + k * 1s);
    window.record(kT0 + k * 1s);
  }
  // The fourth waits for the first to leave the window, plus the guard.
  EXPECT_EQ(window.earliest_start(kT0 + 3s), kT0 + 60s + 500ms);
}

TEST(SlidingWindow, EarliestStartAtTheBoundaries) {
  SlidingWindow window(2, 10s, 1s);
  window.record(kT0);
  window.record(kT0 + 4s);
  const time_point free_at = kT0 + 11s;   // oldest + window + guard
  EXPECT_EQ(window.earliest_start(free_at - 1ns), free_at);
  EXPECT_EQ(window.earliest_start(free_at), free_at);
  EXPECT_EQ(window.earliest_start(free_at + 1ns), free_at + 1ns);
  EXPECT_EQ(window.earliest_start(kT0 + 1h), kT0 + 1h);
  window.record(free_at);
  // The oldest is now the start at 4 s.
  EXPECT_EQ(window.earliest_start(free_at), kT0 + 15s);
}

TEST(SlidingWindow, GuardIsApplied) {
  SlidingWindow without(1, 60s, 0s);
  SlidingWindow with(1, 60s, 1200ms);
  without.record(kT0);
  with.record(kT0);
  EXPECT_EQ(without.earliest_start(kT0), kT0 + 60s);
  EXPECT_EQ(with.earliest_start(kT0), kT0 + 61200ms);
}

TEST(SlidingWindow, OutOfOrderStartCountsAsTheLatest) {
  SlidingWindow window(2, 10s, 0s);
  window.record(kT0 + 5s);
  window.record(kT0);   // earlier than the latest: kept as kT0 + 5 s, which only makes the next wait longer
  EXPECT_EQ(window.earliest_start(kT0), kT0 + 15s);
  window.record(kT0 + 15s);
  EXPECT_EQ(window.earliest_start(kT0), kT0 + 15s);
}

TEST(SlidingWindow, InWindowCountsTheLastWindowOnly) {
  SlidingWindow window(5, 10s, 0s);
  EXPECT_EQ(window.in_window(kT0), 0u);
  window.record(kT0);
  window.record(kT0 + 3s);
  window.record(kT0 + 6s);
  EXPECT_EQ(window.in_window(kT0 + 6s), 3u);
  EXPECT_EQ(window.in_window(kT0 + 10s), 2u);    // kT0 has just left (now - window is excluded)
  EXPECT_EQ(window.in_window(kT0 + 9999ms), 3u);
  EXPECT_EQ(window.in_window(kT0 + 16s), 0u);
  EXPECT_EQ(window.in_window(kT0 + 4s), 2u);     // a start after `now` is not in the last window yet
}

TEST(SlidingWindow, RingKeepsOnlyTheLastLimitStarts) {
  SlidingWindow window(3, 10s, 0s);
  for (int k = 0; k < 10; ++k) window.record(kT0 + k * 10s);
  // Starts at 70, 80, 90 s are held: the oldest is 70 s.
  EXPECT_EQ(window.earliest_start(kT0 + 75s), kT0 + 80s);
  EXPECT_EQ(window.in_window(kT0 + 95s), 1u);
  window.record(kT0 + 91s);
  window.record(kT0 + 92s);
  EXPECT_EQ(window.earliest_start(kT0 + 92s), kT0 + 100s);   // oldest of the last three is 90 s
}

struct PropertyCase {
  std::size_t limit;
  duration window;
  duration guard;
  duration mean_gap;   // of arrivals; small means bursts far above the limit
  friend void PrintTo(const PropertyCase& c, std::ostream* os) {
    *os << "limit " << c.limit << ", window " << c.window.count() << " ns, guard " << c.guard.count()
        << " ns, mean gap " << c.mean_gap.count() << " ns";
  }
};

class SlidingWindowProperty : public ::testing::TestWithParam<PropertyCase> {};

// Random arrivals, each started as early as the window allows, recorded as started: no window of length
// `window` anywhere holds more than `limit` starts, and the starts keep up with the limit when demand is high.
TEST_P(SlidingWindowProperty, NeverMoreThanLimitStartsInAnyWindow) {
  const auto& param = GetParam();
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    std::exponential_distribution<double> gap(1.0 / static_cast<double>(param.mean_gap.count()));
    std::bernoulli_distribution burst(0.1);
    SlidingWindow window(param.limit, param.window, param.guard);
    std::vector<time_point> starts;
    time_point arrival = kT0;
    time_point previous_start = kT0;
    for (int k = 0; k < 2000; ++k) {
      // Bursts: several arrivals at the very same instant.
      if (!burst(rng)) arrival += duration(static_cast<duration::rep>(gap(rng)));
      // A request waits behind the one before it (the scheduler is first in, first out).
      const time_point ready = std::max(arrival, previous_start);
      const time_point start = window.earliest_start(ready);
      ASSERT_GE(start, ready);
      window.record(start);
      starts.push_back(start);
      previous_start = start;
    }
    ASSERT_LE(max_starts_in_any_window(starts, param.window), param.limit) << "seed " << seed;
    // Not just safe but useful: under heavy demand the limit is used in full, losing no more than the guard.
    if (param.mean_gap * static_cast<long>(param.limit) < param.window / 4) {
      EXPECT_EQ(max_starts_in_any_window(starts, param.window + param.guard), param.limit) << "seed " << seed;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, SlidingWindowProperty,
    ::testing::Values(PropertyCase{60, 60s, 1200ms, 100ms},    // Omni's default, heavy demand
                      PropertyCase{60, 60s, 1200ms, 2s},       // near the limit
                      PropertyCase{60, 60s, 0s, 50ms},         // no guard: still exact
                      PropertyCase{500, 60s, 1200ms, 10ms},    // a raised limit
                      PropertyCase{1, 1s, 20ms, 300ms},        // one at a time
                      PropertyCase{7, 100ms, 1ms, 1ms}));      // odd sizes, tiny windows

TEST(SlidingWindow, RestampCountsARequestFromWhenItWasWritten) {
  // A request admitted at 0 that spent 300 ms on a TLS handshake reaches the server at 300 ms: the request
  // `limit` places later must wait for 300 ms + window + guard, not window + guard.
  SlidingWindow window(2, 10s, 1s);
  const auto first = window.record(kT0);
  window.record(kT0 + 100ms);
  window.restamp(first, kT0 + 300ms);
  EXPECT_EQ(window.earliest_start(kT0), kT0 + 11300ms);
  // The second start moved with it (the log stays in order), so the one after waits for it too.
  window.record(kT0 + 11300ms);
  EXPECT_EQ(window.earliest_start(kT0), kT0 + 11300ms);
}

TEST(SlidingWindow, RestampNeverMovesAStartEarlierNorTouchesOnesThatLeft) {
  SlidingWindow window(2, 10s, 0s);
  const auto first = window.record(kT0 + 5s);
  window.restamp(first, kT0);
  EXPECT_EQ(window.in_window(kT0 + 5s), 1u);  // still counted from 5 s
  window.record(kT0 + 6s);
  window.record(kT0 + 20s);                   // pushes the first out of the log
  window.restamp(first, kT0 + 25s);           // ignored: it must not drag the held starts along
  EXPECT_EQ(window.earliest_start(kT0 + 6s), kT0 + 16s);
}

TEST(SlidingWindowProperty, CheckerFindsAnOverfullWindow) {
  // The property test is only as good as its checker: it must see 3 starts within 10 s here.
  const std::vector<time_point> starts{kT0, kT0 + 20s, kT0 + 21s, kT0 + 29999ms, kT0 + 45s};
  EXPECT_EQ(max_starts_in_any_window(starts, 10s), 3u);
  EXPECT_EQ(max_starts_in_any_window(starts, 8s), 2u);
}

}  // namespace
}  // namespace oss::schedule
