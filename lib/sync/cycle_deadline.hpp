#pragma once
// When a cycle must have ended. A fixed limit would either cut a legitimate initial load (10,000 creates at 60
// requests a minute take 2.8 hours) or let a cycle stuck behind a trickling server run for days, so the deadline
// grows with the work the cycle learns it has: `floor` (sync.cycle_timeout_seconds) from its start, and from each
// moment it learns of more requests (a list's pages, the plan's operations), `floor` plus twice the time those take
// at the configured rate. Twice: the scheduler runs at about the quota, so the slack covers retries and 429 pauses.
// Pure: the caller passes the time.
#include <chrono>
#include <cstddef>

namespace oss::sync {

class CycleDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  CycleDeadline(Clock::duration floor, double requests_per_minute);

  void start(Clock::time_point now);
  // The cycle will send about `requests` more requests from `now` on.
  void expect_requests(std::size_t requests, Clock::time_point now);

  [[nodiscard]] Clock::time_point deadline() const { return deadline_; }
  [[nodiscard]] bool passed(Clock::time_point now) const { return now >= deadline_; }

 private:
  Clock::duration floor_;
  Clock::duration per_request_;
  Clock::time_point deadline_;
};

}  // namespace oss::sync
