// The scheduler against a stand-in `send` (no network): the quota, the in-flight cap, 429 pauses, retries and
// shutdown. The end-to-end proof over real TLS against the fake Omni server lives in tests/integration.
#include "schedule/rate_scheduler.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <gtest/gtest.h>

#include "net/transport_error.hpp"

namespace oss::schedule {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

net::Response answer(http::status status) {
  net::Response response{status, 11};
  response.prepare_payload();
  return response;
}

net::Request get_request() { return net::Request{http::verb::get, "/api/scim/v2/users", 11}; }

SchedulerOptions fast_options(std::size_t limit, Clock::duration window, std::size_t in_flight) {
  SchedulerOptions options;
  options.limit = limit;
  options.window = window;
  options.guard = 5ms;
  options.max_in_flight = in_flight;
  options.backoff = Backoff{10ms, 80ms};
  options.seed = 42;
  return options;
}

// Runs `count` submits concurrently and returns their outcomes ("200", "503", or the exception text).
std::vector<std::string> run_all(asio::io_context& io, RateScheduler& scheduler, int count) {
  std::vector<std::string> outcomes(count);
  for (int i = 0; i < count; ++i) {
    asio::co_spawn(io, scheduler.submit(get_request()), [&outcomes, i](std::exception_ptr error, net::Response response) {
      if (!error) {
        outcomes[i] = std::to_string(response.result_int());
        return;
      }
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        outcomes[i] = e.what();
      }
    });
  }
  io.run();
  return outcomes;
}

TEST(RateScheduler, NeverStartsMoreThanTheLimitInAnyWindow) {
  asio::io_context io;
  std::vector<Clock::time_point> starts;
  RateScheduler scheduler(io.get_executor(), fast_options(5, 200ms, 4), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    starts.push_back(Clock::now());
    co_return answer(http::status::ok);
  });
  const auto outcomes = run_all(io, scheduler, 23);
  for (const auto& outcome : outcomes) EXPECT_EQ(outcome, "200");
  ASSERT_EQ(starts.size(), 23u);
  for (std::size_t i = 0; i + 5 < starts.size(); ++i)
    EXPECT_GE(starts[i + 5] - starts[i], 200ms) << "6 starts within one window at " << i;
  // ...and uses the quota: 23 requests = 4 full windows plus a few, not much more.
  const auto span = starts.back() - starts.front();
  EXPECT_LT(span, 4 * (200ms + 5ms) + 60ms);
  EXPECT_EQ(scheduler.stats().started, 23u);
}

TEST(RateScheduler, CountsARequestFromWhenItIsWrittenNotWhenItWasAdmitted) {
  // The first requests each open a connection (60 ms of connect + TLS handshake) before writing; later ones
  // reuse it. Measured where the server counts - when the bytes are written - the window must hold. Counting
  // from admission instead let the 6th request land 40 ms inside the first ones' window (a 429 in CI).
  asio::io_context io;
  std::vector<Clock::time_point> written;
  int fresh_connections = 5;
  RateScheduler scheduler(io.get_executor(), fast_options(5, 200ms, 5),
                          [&](net::Request, net::WriteStarted write_started) -> asio::awaitable<net::Response> {
                            if (fresh_connections > 0) {
                              --fresh_connections;
                              asio::steady_timer handshake(io, 60ms);
                              co_await handshake.async_wait(asio::use_awaitable);
                            }
                            write_started();
                            written.push_back(Clock::now());
                            co_return answer(http::status::ok);
                          });
  const auto outcomes = run_all(io, scheduler, 11);
  for (const auto& outcome : outcomes) EXPECT_EQ(outcome, "200");
  ASSERT_EQ(written.size(), 11u);
  std::sort(written.begin(), written.end());
  for (std::size_t i = 0; i + 5 < written.size(); ++i)
    EXPECT_GE(written[i + 5] - written[i], 200ms) << "6 requests written within one window at " << i;
}

TEST(RateScheduler, KeepsAtMostMaxInFlight) {
  asio::io_context io;
  int in_flight = 0, most = 0;
  RateScheduler scheduler(io.get_executor(), fast_options(1000, 1s, 3), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    most = std::max(most, ++in_flight);
    asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
    co_await t.async_wait(asio::use_awaitable);
    --in_flight;
    co_return answer(http::status::ok);
  });
  run_all(io, scheduler, 12);
  EXPECT_EQ(most, 3);
}

TEST(RateScheduler, A429PausesEveryRequestUntilRetryAfter) {
  asio::io_context io;
  std::vector<Clock::time_point> starts;
  bool limited_once = false;
  RateScheduler scheduler(io.get_executor(), fast_options(100, 1s, 2), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    starts.push_back(Clock::now());
    if (!limited_once) {
      limited_once = true;
      auto response = answer(http::status::too_many_requests);
      response.set(http::field::retry_after, "1");
      co_return response;
    }
    co_return answer(http::status::ok);
  });
  const auto outcomes = run_all(io, scheduler, 4);
  for (const auto& outcome : outcomes) EXPECT_EQ(outcome, "200");
  ASSERT_GE(starts.size(), 5u);
  // The first request met the 429; everything that started after it waited the full second.
  for (std::size_t i = 2; i < starts.size(); ++i) {
    if (starts[i] - starts[0] < 50ms) continue;  // already in flight when the 429 came
    EXPECT_GE(starts[i] - starts[0], 990ms);
  }
  EXPECT_EQ(scheduler.stats().rate_limited, 1u);
}

TEST(RateScheduler, Retries5xxThenGivesTheLastAnswer) {
  asio::io_context io;
  int calls = 0;
  auto options = fast_options(100, 1s, 1);
  options.max_retries = 3;
  RateScheduler scheduler(io.get_executor(), options, [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    ++calls;
    co_return answer(http::status::service_unavailable);
  });
  const auto outcomes = run_all(io, scheduler, 1);
  EXPECT_EQ(outcomes[0], "503");
  EXPECT_EQ(calls, 4);  // the first try and three retries
  EXPECT_EQ(scheduler.stats().retries, 3u);
}

TEST(RateScheduler, RetriesDroppedConnectionsButNotRefusedCertificates) {
  asio::io_context io;
  int calls = 0;
  RateScheduler scheduler(io.get_executor(), fast_options(100, 1s, 1), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    if (++calls <= 2) throw net::TransportError(net::TransportError::Step::read, "connection dropped", true);
    co_return answer(http::status::ok);
  });
  EXPECT_EQ(run_all(io, scheduler, 1)[0], "200");
  EXPECT_EQ(calls, 3);

  asio::io_context io2;
  int tls_calls = 0;
  RateScheduler strict(io2.get_executor(), fast_options(100, 1s, 1), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    ++tls_calls;
    throw net::TransportError(net::TransportError::Step::handshake, "certificate refused", false);
    co_return answer(http::status::ok);
  });
  EXPECT_EQ(run_all(io2, strict, 1)[0], "certificate refused");
  EXPECT_EQ(tls_calls, 1);
}

TEST(RateScheduler, DoesNotRetryOther4xx) {
  asio::io_context io;
  int calls = 0;
  RateScheduler scheduler(io.get_executor(), fast_options(100, 1s, 1), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    ++calls;
    co_return answer(http::status::bad_request);
  });
  EXPECT_EQ(run_all(io, scheduler, 1)[0], "400");
  EXPECT_EQ(calls, 1);
}

TEST(RateScheduler, ShutdownDropsQueuedRequestsAndLetsInFlightOnesFinish) {
  asio::io_context io;
  int started = 0, finished = 0;
  RateScheduler* self = nullptr;
  RateScheduler scheduler(io.get_executor(), fast_options(100, 1s, 2), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    asio::steady_timer t(co_await asio::this_coro::executor, 50ms);
    if (++started == 2) self->shutdown();  // a signal arrives while two requests are in flight
    co_await t.async_wait(asio::use_awaitable);
    ++finished;
    co_return answer(http::status::ok);
  });
  self = &scheduler;
  const auto outcomes = run_all(io, scheduler, 6);
  int ok = 0, dropped = 0;
  for (const auto& outcome : outcomes) {
    if (outcome == "200") ++ok;
    if (outcome == SchedulerStopped().what()) ++dropped;
  }
  EXPECT_EQ(ok, 2);       // the two in flight finished
  EXPECT_EQ(dropped, 4);  // the queued ones were never sent
}

}  // namespace
}  // namespace oss::schedule

namespace oss::schedule {
namespace {

// A refused key: what is queued now is dropped, but the scheduler stays usable for what comes after.
TEST(RateScheduler, DropQueuedDropsOnlyWhatIsWaitingNow) {
  asio::io_context io;
  int finished = 0;
  RateScheduler* self = nullptr;
  RateScheduler scheduler(io.get_executor(), fast_options(100, 1s, 2), [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
    co_await t.async_wait(asio::use_awaitable);
    if (++finished == 1) self->drop_queued();  // the first answer says the key is refused; four wait behind two
    co_return answer(http::status::ok);
  });
  self = &scheduler;
  const auto outcomes = run_all(io, scheduler, 6);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "200"), 2);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), std::string(SchedulerStopped().what())), 4);
  EXPECT_FALSE(scheduler.stopped());
  io.restart();
  EXPECT_EQ(run_all(io, scheduler, 1)[0], "200") << "a request submitted after the drop is served";
}

// A request sleeping out its retry backoff when the drop comes is dropped too, not retried at once.
TEST(RateScheduler, DropQueuedAlsoDropsARequestWaitingToRetry) {
  asio::io_context io;
  int calls = 0;
  auto options = fast_options(100, 1s, 2);
  options.backoff = Backoff{1s, 1s};  // the seeded jitter draws far more than the 2 ms before the drop
  RateScheduler scheduler(io.get_executor(), options, [&](net::Request, net::WriteStarted) -> asio::awaitable<net::Response> {
    ++calls;
    co_return answer(http::status::service_unavailable);
  });
  asio::steady_timer drop_soon(io, 2ms);
  drop_soon.async_wait([&](boost::system::error_code) { scheduler.drop_queued(); });
  EXPECT_EQ(run_all(io, scheduler, 1)[0], SchedulerStopped().what());
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace oss::schedule
