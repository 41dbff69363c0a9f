#include "service/cycle_timing.hpp"

#include "schedule/backoff.hpp"

namespace oss::service {

std::chrono::steady_clock::duration jittered(std::chrono::steady_clock::duration interval, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> factor(1.0 - kIntervalJitter, 1.0 + kIntervalJitter);
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval * factor(rng));
}

std::chrono::steady_clock::duration backoff_delay(std::chrono::seconds interval, int consecutive_failures) {
  // The scheduler's backoff ceiling is exactly "base * 2^attempt, capped"; attempt 0 is the first failure.
  const schedule::Backoff backoff{interval, interval * kMaxBackoffIntervals};
  return schedule::backoff_ceiling(backoff, consecutive_failures - 1);
}

std::chrono::steady_clock::duration next_cycle_delay(std::chrono::seconds interval, int consecutive_failures,
                                                     std::mt19937_64& rng) {
  return jittered(backoff_delay(interval, consecutive_failures), rng);
}

}  // namespace oss::service
