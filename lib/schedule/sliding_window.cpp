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

SlidingWindow::time_point SlidingWindow::earliest_start(time_point now) const {
  if (recorded_ < starts_.size()) return now;
  // The oldest held start, number recorded_ - limit, shares its slot with the next one to be recorded.
  return std::max(now, at(recorded_) + window_ + guard_);
}

SlidingWindow::Ticket SlidingWindow::record(time_point start) {
  if (recorded_ > 0) start = std::max(start, at(recorded_ - 1));
  at(recorded_) = start;
  return recorded_++;
}

void SlidingWindow::restamp(Ticket ticket, time_point start) {
  if (ticket < first_held()) return;
  for (Ticket n = ticket; n < recorded_; ++n) {
    if (at(n) >= start) break;  // the log is in order: every later start is at least as late
    at(n) = start;
  }
}

std::size_t SlidingWindow::in_window(time_point now) const {
  // Newest first: the scan stops at the first start that has left the window.
  std::size_t count = 0;
  for (Ticket n = recorded_; n > first_held(); --n) {
    const time_point start = at(n - 1);
    if (start <= now - window_) break;
    if (start <= now) ++count;
  }
  return count;
}

}  // namespace oss::schedule
