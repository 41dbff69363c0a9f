// A source read runs on a worker thread: the event loop keeps turning meanwhile, and the result or the
// exception comes back to the awaiting coroutine.
#include "sync/off_loop_read.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <thread>

namespace oss::sync {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

TEST(OffLoopRead, TheLoopKeepsTurningWhileTheSourceBlocks) {
  asio::io_context io;
  bool done = false;
  int ticks = 0;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        while (!done) {
          timer.expires_after(5ms);
          co_await timer.async_wait(asio::use_awaitable);
          ++ticks;
        }
      },
      asio::detached);
  std::optional<snapshot::Snapshot> result;
  std::thread::id reader;
  std::thread::id resumed_on;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        result = co_await read_off_loop([&] {
          reader = std::this_thread::get_id();
          std::this_thread::sleep_for(300ms);  // a slow directory server
          snapshot::Snapshot snapshot;
          snapshot.origin = "slow";
          return snapshot;
        });
        resumed_on = std::this_thread::get_id();
        done = true;
      },
      asio::detached);
  io.run();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->origin, "slow");
  EXPECT_NE(reader, std::this_thread::get_id());
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
  EXPECT_GE(ticks, 10) << "the loop stood still during the read";
}

TEST(OffLoopRead, TheReadsExceptionReachesTheCaller) {
  asio::io_context io;
  std::string caught;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        try {
          (void)co_await read_off_loop([]() -> snapshot::Snapshot { throw std::runtime_error("server down"); });
        } catch (const std::runtime_error& error) {
          caught = error.what();
        }
      },
      asio::detached);
  io.run();
  EXPECT_EQ(caught, "server down");
}

}  // namespace
}  // namespace oss::sync
