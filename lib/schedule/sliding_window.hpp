#pragma once
// The rate limit as a sliding-window log: the start times of the last `limit` requests.
//
// A request may start at max(now, oldest_of_last_limit + window + guard). Then any `limit` + 1 consecutive
// starts span more than `window`, so no window of length `window` - wherever the server puts it - ever holds
// more than `limit` starts. The guard covers what we cannot see: the server counts arrivals by its own clock,
// after network and queueing delays, so a start released exactly at the window's edge could still land inside.
#include <chrono>
#include <cstddef>
#include <vector>

namespace oss::schedule {

class SlidingWindow {
 public:
  using Clock = std::chrono::steady_clock;
  using duration = Clock::duration;
  using time_point = Clock::time_point;

  // Throws std::invalid_argument for limit 0, a window that is not positive or a negative guard.
  SlidingWindow(std::size_t limit, duration window, duration guard);

  // The earliest moment a new request may start, given the starts recorded so far.
  [[nodiscard]] time_point earliest_start(time_point now) const;

  // Records a start. Starts are kept in order: one earlier than the latest recorded is counted as if it
  // happened with the latest, which only ever makes later requests wait longer, never shorter.
  void record(time_point start);

  // Recorded starts in (now - window, now]: how busy the last window was.
  [[nodiscard]] std::size_t in_window(time_point now) const;

  [[nodiscard]] std::size_t limit() const { return starts_.size(); }
  [[nodiscard]] duration window() const { return window_; }
  [[nodiscard]] duration guard() const { return guard_; }

 private:
  [[nodiscard]] time_point newest() const;

  std::vector<time_point> starts_;   // ring buffer of the last `limit` starts
  std::size_t oldest_ = 0;           // index of the oldest start once the ring is full; next slot to overwrite
  std::size_t recorded_ = 0;         // starts held, up to limit
  duration window_;
  duration guard_;
};

}  // namespace oss::schedule
