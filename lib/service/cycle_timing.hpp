#pragma once
// When the next cycle starts: the interval with up to ±10 % jitter (so a fleet of daemons started together
// drifts apart), stretched by backoff after failed cycles so a long outage is not hammered every interval.
#include <chrono>
#include <random>

namespace oss::service {

inline constexpr double kIntervalJitter = 0.10;
// After failures the delay doubles per failed cycle, up to this many intervals.
inline constexpr int kMaxBackoffIntervals = 4;

// `interval` scaled by a uniform factor in [0.9, 1.1].
std::chrono::steady_clock::duration jittered(std::chrono::steady_clock::duration interval, std::mt19937_64& rng);

// The (unjittered) delay before the next cycle: one interval after a success or the first failure, then
// 2, 4 ... intervals while cycles keep failing, capped at kMaxBackoffIntervals intervals.
std::chrono::steady_clock::duration backoff_delay(std::chrono::seconds interval, int consecutive_failures);

// backoff_delay with jitter: what the daemon waits.
std::chrono::steady_clock::duration next_cycle_delay(std::chrono::seconds interval, int consecutive_failures,
                                                     std::mt19937_64& rng);

}  // namespace oss::service
