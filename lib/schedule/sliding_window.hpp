#pragma once
// The rate limit as a sliding-window log: the start times of the last `limit` requests.
//
// A request may start at max(now, oldest_of_last_limit + window + guard). Then any `limit` + 1 consecutive
// starts span more than `window`, so no window of length `window` - wherever the server puts it - ever holds
// more than `limit` starts. The guard covers what we cannot see: the server counts arrivals by its own clock,
// after network and queueing delays, so a start released exactly at the window's edge could still land inside.
//
// A start is recorded when the request is admitted and stamped again when its bytes are written: a request
// that first waits for a TCP connect and a TLS handshake reaches the server later than it was admitted, and
// counting it from its admission would let the request `limit` places later reach the server inside the same
// window (CI saw exactly that, under load, in the first window).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace oss::schedule {

class SlidingWindow {
 public:
  using Clock = std::chrono::steady_clock;
  using duration = Clock::duration;
  using time_point = Clock::time_point;
  using Ticket = std::uint64_t;  // the sequence number of a recorded start

  // Throws std::invalid_argument for limit 0, a window that is not positive or a negative guard.
  SlidingWindow(std::size_t limit, duration window, duration guard);

  // The earliest moment a new request may start, given the starts recorded so far.
  [[nodiscard]] time_point earliest_start(time_point now) const;

  // Records a start. Starts are kept in order: one earlier than the latest recorded is counted as if it
  // happened with the latest, which only ever makes later requests wait longer, never shorter.
  Ticket record(time_point start);

  // Moves a recorded start later (never earlier), and the starts recorded after it with it so the log stays
  // in order; again only ever a longer wait. A start that has already left the log is ignored.
  void restamp(Ticket ticket, time_point start);

  // Recorded starts in (now - window, now]: how busy the last window was.
  [[nodiscard]] std::size_t in_window(time_point now) const;

  [[nodiscard]] std::size_t limit() const { return starts_.size(); }
  [[nodiscard]] duration window() const { return window_; }
  [[nodiscard]] duration guard() const { return guard_; }

 private:
  [[nodiscard]] time_point& at(Ticket ticket) { return starts_[ticket % starts_.size()]; }
  [[nodiscard]] const time_point& at(Ticket ticket) const { return starts_[ticket % starts_.size()]; }
  [[nodiscard]] Ticket first_held() const { return recorded_ > starts_.size() ? recorded_ - starts_.size() : 0; }

  std::vector<time_point> starts_;  // ring buffer: start number n lives in slot n % limit
  Ticket recorded_ = 0;             // starts recorded so far; the last `limit` of them are held
  duration window_;
  duration guard_;
};

}  // namespace oss::schedule
