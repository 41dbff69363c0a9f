#include "sync/cycle_deadline.hpp"

#include <algorithm>

namespace oss::sync {

CycleDeadline::CycleDeadline(Clock::duration floor, double requests_per_minute)
    : floor_(floor),
      per_request_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(60.0 / requests_per_minute))),
      deadline_(Clock::time_point::max()) {}

void CycleDeadline::start(Clock::time_point now) { deadline_ = now + floor_; }

void CycleDeadline::expect_requests(std::size_t requests, Clock::time_point now) {
  const auto needed = per_request_ * static_cast<Clock::rep>(requests) * 2;
  deadline_ = std::max(deadline_, now + floor_ + needed);
}

}  // namespace oss::sync
