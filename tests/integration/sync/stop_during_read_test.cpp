// `sync` stopped by SIGTERM while it reads its source: the read runs on a worker thread, and the stop must reach
// it there (issue 21, finding 4: an alias bomb held SIGTERM off for two minutes). The source here is a pipe fed one
// row every 20 ms, a read that would never end by itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "support/trickling_fifo.hpp"
#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class StopDuringRead : public SyncTest {};

TEST_F(StopDuringRead, SigtermWhileTheSourceIsReadExits143WithinSecondsAndSendsNothing) {
  write_config();
  support::TricklingFifo source(dir_ / "users.csv", "userName,displayName,active,attributes.region\n",
                                [](std::size_t n) { return "p" + std::to_string(n) + "@example.com,P,true,eu\n"; },
                                20ms);
  support::ChildProcess process(options({"sync"}));
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!source.is_open_in(process.pid()) && process.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(source.is_open_in(process.pid())) << "the source read never began\n" << process.stderr_text();

  const auto signalled = std::chrono::steady_clock::now();
  process.send_signal(SIGTERM);
  const auto status = process.wait(5s);
  ASSERT_TRUE(status) << "still reading the source 5 s after SIGTERM";
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 5s);
  EXPECT_EQ(support::collect(process, status).code(), 143) << process.stderr_text();
  EXPECT_THAT(process.stderr_text(), HasSubstr("stopped while the source was read"));
  EXPECT_EQ(writes(), 0u);
}

}  // namespace
}  // namespace oss::testing
