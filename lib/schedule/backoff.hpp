#pragma once
// Exponential backoff with full jitter: spread retries out so that many clients, or many requests of one
// client, do not come back in step.
#include <chrono>
#include <random>

namespace oss::schedule {

struct Backoff {
  std::chrono::steady_clock::duration base = std::chrono::seconds(1);
  std::chrono::steady_clock::duration cap = std::chrono::seconds(60);
};

// Uniform in [0, min(cap, base * 2^attempt)]; attempt 0 is the first retry. Safe for any attempt (no overflow),
// a negative attempt counts as 0, and a non-positive base or cap gives zero.
std::chrono::steady_clock::duration full_jitter_delay(const Backoff& backoff, int attempt, std::mt19937_64& rng);

// min(cap, base * 2^attempt), the upper bound full_jitter_delay draws from.
std::chrono::steady_clock::duration backoff_ceiling(const Backoff& backoff, int attempt);

}  // namespace oss::schedule
