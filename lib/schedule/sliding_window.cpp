#include "schedule/sliding_window.hpp"

#include <algorithm>
#include <stdexcept>

namespace oss::schedule {

SlidingWindow::SlidingWindow(std::size_t limit, duration window, duration guard)
    : window_(window), guard_(guard) {
  if (limit == 0) throw std::invalid_argument("rate limit: the request limit must be at least 1");
  if (window <= duration::zero()) throw std::invalid_argument("rate limit: the window must be longer than zero");
  if (guard < duration::zero()) throw std::invalid_argument("rate limit: the guard must not be negative");
  starts_.resize(limit);
}

SlidingWindow::time_point SlidingWindow::newest() const {
  const std::size_t slot = (oldest_ + recorded_ + starts_.size() - 1) % starts_.size();
  return starts_[slot];
}

SlidingWindow::time_point SlidingWindow::earliest_start(time_point now) const {
  if (recorded_ < starts_.size()) return now;
  return std::max(now, starts_[oldest_] + window_ + guard_);
}

void SlidingWindow::record(time_point start) {
  if (recorded_ > 0) start = std::max(start, newest());
  if (recorded_ < starts_.size()) {
    starts_[(oldest_ + recorded_) % starts_.size()] = start;
    ++recorded_;
  } else {
    starts_[oldest_] = start;
    oldest_ = (oldest_ + 1) % starts_.size();
  }
}

std::size_t SlidingWindow::in_window(time_point now) const {
  // Newest first: the scan stops at the first start that has left the window.
  std::size_t count = 0;
  for (std::size_t k = 0; k < recorded_; ++k) {
    const std::size_t slot = (oldest_ + recorded_ - 1 - k) % starts_.size();
    if (starts_[slot] <= now - window_) break;
    if (starts_[slot] <= now) ++count;
  }
  return count;
}

}  // namespace oss::schedule
