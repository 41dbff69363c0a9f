// The daemon stopped by SIGTERM while a cycle reads its source: the read runs on a worker thread, and the stop
// must reach it there rather than wait out the shutdown bound (issue 21, finding 4). The source here is a pipe fed
// one row every 20 ms, a read that would never end by itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "daemon_harness.hpp"
#include "support/trickling_fifo.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TEST_F(DaemonTest, SigtermWhileACycleReadsTheSourceExitsWithinSecondsNotAtTheBound) {
  settings_.source_file = "slow.csv";
  settings_.timeout_seconds = 5;   // the shutdown bound is 10 s: the stop must land well before it
  write_config();
  support::TricklingFifo source(dir_ / "slow.csv", "email,name\n",
                                [](std::size_t n) { return "p" + std::to_string(n) + "@example.com,P\n"; }, 20ms);
  start_daemon();
  expect_eventually([&] { return source.is_open_in(daemon().pid()); }, 30s, "the first cycle reads the source");

  const auto signalled = std::chrono::steady_clock::now();
  daemon().send_signal(SIGTERM);
  const auto status = daemon().wait(5s);
  ASSERT_TRUE(status) << "still reading the source 5 s after SIGTERM\n" << daemon().stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 5s);
  EXPECT_TRUE(status->exited && status->exit_code == 0) << status->describe() << "\n" << daemon().stderr_text();
  EXPECT_THAT(daemon().stderr_text(), HasSubstr("stopped while the source was read"));
  EXPECT_EQ(server().user_count(), 0u) << "nobody created from half a source";
}

}  // namespace
}  // namespace oss::testing
