#include "schedule/backoff.hpp"

#include <algorithm>
#include <limits>

namespace oss::schedule {

using duration = std::chrono::steady_clock::duration;

duration backoff_ceiling(const Backoff& backoff, int attempt) {
  const auto base = backoff.base.count();
  const auto cap = backoff.cap.count();
  if (base <= 0 || cap <= 0) return duration::zero();
  const int shift = std::max(attempt, 0);
  // base * 2^shift <= cap exactly when base <= cap >> shift; testing it this way cannot overflow.
  constexpr int kRepBits = std::numeric_limits<duration::rep>::digits;
  if (shift >= kRepBits || base > (cap >> shift)) return backoff.cap;
  return duration(base << shift);
}

duration full_jitter_delay(const Backoff& backoff, int attempt, std::mt19937_64& rng) {
  const auto ceiling = backoff_ceiling(backoff, attempt);
  std::uniform_int_distribution<duration::rep> uniform(0, ceiling.count());
  return duration(uniform(rng));
}

}  // namespace oss::schedule
