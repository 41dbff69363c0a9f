#pragma once
// The rate-limit scheduler: every request to one API key goes through here. It never starts more than
// `limit` requests in any window of `window` (a sliding-window log), never has more than `max_in_flight` at
// once, pauses every request of the key after a 429, and retries what may succeed on a second try.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>

#include "net/client_options.hpp"
#include "net/https_connection.hpp"
#include "schedule/backoff.hpp"
#include "schedule/sliding_window.hpp"

namespace oss::schedule {

struct SchedulerOptions {
  std::size_t limit = 60;                                   // requests per window
  std::chrono::steady_clock::duration window = std::chrono::seconds(60);
  // Released requests still travel before the server counts them; keep this much margin at the window's edge.
  std::chrono::steady_clock::duration guard = std::chrono::milliseconds(1200);
  std::size_t max_in_flight = 4;
  int max_retries = 5;                                      // for 5xx, timeouts and dropped connections
  int max_rate_limited_retries = 20;                        // for 429s, which pause but don't fail the request
  Backoff backoff;
  std::uint64_t seed = std::random_device{}();
};

// limit = requests_per_minute * window / 60 s; guard = 2 % of the window, at least 20 ms.
SchedulerOptions scheduler_options_from(const net::ClientOptions& client);

class SchedulerStopped : public std::runtime_error {
 public:
  SchedulerStopped() : std::runtime_error("stopped: the request was not sent") {}
};

struct SchedulerStats {
  std::map<std::pair<std::string, int>, std::uint64_t> responses;  // (method, status); status 0 = no answer
  std::uint64_t started = 0;          // every attempt, retries included (each counts against the quota)
  std::uint64_t rate_limited = 0;     // 429 answers met
  std::uint64_t retries = 0;
  std::size_t queue_depth = 0;        // requests waiting for a slot
  std::size_t in_flight = 0;
  double achieved_per_minute = 0;     // starts in the last window, scaled to a minute
};

class RateScheduler {
 public:
  // Sends one request; calls the WriteStarted it is given right before writing (the scheduler stamps the
  // request's start with it, see SlidingWindow).
  using Send = std::function<boost::asio::awaitable<net::Response>(net::Request, net::WriteStarted)>;

  RateScheduler(const boost::asio::any_io_executor& executor, SchedulerOptions options, Send send);

  // Sends `request` when the quota allows, retrying as described above. Returns the final answer, which may
  // still be an error status (4xx, or 5xx/429 once retries ran out). Throws net::TransportError when no
  // answer came after the retries, SchedulerStopped after shutdown().
  boost::asio::awaitable<net::Response> submit(net::Request request);

  // Drops queued requests (their submit throws SchedulerStopped) and lets those in flight finish.
  void shutdown();
  [[nodiscard]] bool stopped() const { return stopped_; }

  // Drops only the requests queued now (their submit throws SchedulerStopped); later ones are served as usual.
  // For a refused key: everything waiting would be refused too, and each try would spend quota.
  void drop_queued();

  // For a cycle cut short at its deadline: the requests queued now and every new one throw SchedulerStopped (those
  // in flight finish) until resume(), at the start of the next cycle. The quota window is kept.
  void refuse_new();
  void resume();

  [[nodiscard]] SchedulerStats stats() const;

 private:
  class Slot;
  boost::asio::awaitable<SlidingWindow::Ticket> admit();
  boost::asio::awaitable<void> wait_for_change();
  boost::asio::awaitable<void> sleep_until(std::chrono::steady_clock::time_point when);
  void notify_waiters();
  void release_slot();
  void count(const net::Request& request, int status);

  boost::asio::any_io_executor executor_;
  SchedulerOptions options_;
  Send send_;
  SlidingWindow window_;
  std::mt19937_64 rng_;
  boost::asio::steady_timer change_;            // never expires; cancelled to wake every waiter
  std::set<boost::asio::steady_timer*> sleepers_;
  std::deque<std::uint64_t> queue_;             // tickets in arrival order; only the front may start
  std::uint64_t next_ticket_ = 0;
  std::uint64_t dropped_below_ = 0;             // tickets below this were dropped by drop_queued()
  std::uint64_t drops_ = 0;
  bool refusing_ = false;                       // refuse_new() until resume()                     // how many times drop_queued() ran; wakes retry sleepers too
  std::size_t in_flight_ = 0;
  std::chrono::steady_clock::time_point paused_until_{};
  int consecutive_rate_limited_ = 0;
  bool stopped_ = false;
  SchedulerStats stats_;
};

}  // namespace oss::schedule
