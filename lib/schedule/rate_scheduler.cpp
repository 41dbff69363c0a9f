#include "schedule/rate_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>

#include "net/transport_error.hpp"
#include "schedule/retry_after.hpp"

namespace oss::schedule {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool worth_retrying(http::status status) {
  return status == http::status::internal_server_error || status == http::status::bad_gateway ||
         status == http::status::service_unavailable || status == http::status::gateway_timeout;
}
}  // namespace

SchedulerOptions scheduler_options_from(const net::ClientOptions& client) {
  SchedulerOptions options;
  const double window_seconds = std::chrono::duration<double>(client.rate_window).count();
  options.limit = std::max<std::size_t>(1, static_cast<std::size_t>(client.requests_per_minute * window_seconds / 60.0));
  options.window = client.rate_window;
  options.guard = std::max<Clock::duration>(std::chrono::milliseconds(20), options.window / 50);
  options.max_in_flight = std::max<std::size_t>(1, client.max_in_flight);
  options.max_retries = client.max_retries;
  return options;
}

// Holds one in-flight slot for the lifetime of an attempt, so that every exit path gives it back.
class RateScheduler::Slot {
 public:
  explicit Slot(RateScheduler& scheduler) : scheduler_(&scheduler) {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() { release(); }
  void release() {
    if (scheduler_) std::exchange(scheduler_, nullptr)->release_slot();
  }

 private:
  RateScheduler* scheduler_;
};

RateScheduler::RateScheduler(const asio::any_io_executor& executor, SchedulerOptions options, Send send)
    : executor_(executor),
      options_(options),
      send_(std::move(send)),
      window_(options.limit, options.window, options.guard),
      rng_(options.seed),
      change_(executor, Clock::time_point::max()) {}

void RateScheduler::notify_waiters() { change_.cancel(); }

void RateScheduler::release_slot() {
  --in_flight_;
  notify_waiters();
}

asio::awaitable<void> RateScheduler::wait_for_change() { co_await change_.async_wait(kTuple); }

asio::awaitable<void> RateScheduler::sleep_until(Clock::time_point when) {
  asio::steady_timer timer(executor_, when);
  sleepers_.insert(&timer);
  co_await timer.async_wait(kTuple);
  sleepers_.erase(&timer);
}

asio::awaitable<SlidingWindow::Ticket> RateScheduler::admit() {
  const std::uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  // Leave the queue on every exit, including a coroutine destroyed mid-wait, or the line would stall.
  struct LeaveQueue {
    RateScheduler& self;
    std::uint64_t ticket;
    ~LeaveQueue() {
      std::erase(self.queue_, ticket);
      self.notify_waiters();
    }
  } leave{*this, ticket};

  for (;;) {
    if (stopped_ || refusing_ || ticket < dropped_below_) throw SchedulerStopped();
    if (queue_.front() != ticket || in_flight_ >= options_.max_in_flight) {
      co_await wait_for_change();
      continue;
    }
    const auto now = Clock::now();
    const auto start = std::max(paused_until_, window_.earliest_start(now));
    if (start > now) {
      co_await sleep_until(start);
      continue;
    }
    const auto started = window_.record(now);
    ++in_flight_;
    ++stats_.started;
    co_return started;
  }
}

void RateScheduler::count(const net::Request& request, int status) {
  ++stats_.responses[{std::string(request.method_string()), status}];
}

asio::awaitable<net::Response> RateScheduler::submit(net::Request request) {
  int failures = 0;
  int rate_limited = 0;
  for (;;) {
    const auto started = co_await admit();
    Slot slot(*this);
    std::optional<net::Response> response;
    std::exception_ptr failure;
    std::string failure_text;
    try {
      response = co_await send_(request, [this, started] { window_.restamp(started, Clock::now()); });
    } catch (const net::TransportError& error) {
      if (!error.retryable()) throw;
      failure = std::current_exception();
      failure_text = error.what();
    }
    slot.release();
    count(request, response ? response->result_int() : 0);
    const std::string what = std::string(request.method_string()) + " " + std::string(request.target());

    if (response && response->result() == http::status::too_many_requests) {
      ++stats_.rate_limited;
      if (++rate_limited > options_.max_rate_limited_retries) co_return std::move(*response);
      const auto retry_after = parse_retry_after((*response)[http::field::retry_after], std::chrono::system_clock::now());
      const Clock::duration pause =
          retry_after ? Clock::duration(*retry_after)
                      : full_jitter_delay(options_.backoff, consecutive_rate_limited_, rng_);
      ++consecutive_rate_limited_;
      paused_until_ = std::max(paused_until_, Clock::now() + pause);
      ++stats_.retries;
      spdlog::warn("{}: 429 Too Many Requests; pausing all requests for {} ms{}", what,
                   std::chrono::duration_cast<std::chrono::milliseconds>(pause).count(),
                   retry_after ? " (Retry-After)" : " (backoff)");
      continue;  // admit() waits out the pause
    }
    if (response) consecutive_rate_limited_ = 0;

    if (failure || worth_retrying(response->result())) {
      if (failures >= options_.max_retries) {
        if (failure) std::rethrow_exception(failure);
        co_return std::move(*response);
      }
      const auto delay = full_jitter_delay(options_.backoff, failures++, rng_);
      ++stats_.retries;
      spdlog::warn("{}: {}; retry {} of {} in {} ms", what,
                   failure ? failure_text : std::to_string(response->result_int()), failures, options_.max_retries,
                   std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
      const auto drops_before = drops_;
      co_await sleep_until(Clock::now() + delay);
      if (stopped_ || drops_ != drops_before) throw SchedulerStopped();
      continue;
    }
    co_return std::move(*response);
  }
}

void RateScheduler::shutdown() {
  stopped_ = true;
  notify_waiters();
  for (auto* timer : sleepers_) timer->cancel();
}

void RateScheduler::drop_queued() {
  dropped_below_ = next_ticket_;
  ++drops_;
  notify_waiters();
  for (auto* timer : sleepers_) timer->cancel();
}

void RateScheduler::refuse_new() {
  refusing_ = true;
  drop_queued();
}

void RateScheduler::resume() { refusing_ = false; }

SchedulerStats RateScheduler::stats() const {
  SchedulerStats stats = stats_;
  stats.queue_depth = queue_.size();
  stats.in_flight = in_flight_;
  const double window_minutes = std::chrono::duration<double>(options_.window).count() / 60.0;
  stats.achieved_per_minute = static_cast<double>(window_.in_window(Clock::now())) / window_minutes;
  return stats;
}

}  // namespace oss::schedule
