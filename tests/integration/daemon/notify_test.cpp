// sd_notify seen from systemd's side: a unix datagram socket of the test's own as NOTIFY_SOCKET.
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "daemon_harness.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;

class NotifySocket {
 public:
  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0)
      throw std::runtime_error("cannot bind " + path_.string() + ": " + std::strerror(errno));
  }
  ~NotifySocket() { ::close(fd_); }

  // Collects datagrams until one contains `needle` or the timeout passes; returns everything received so far.
  bool receive_until(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.find(needle) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd wait{fd_, POLLIN, 0};
      if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const auto n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n > 0) received_ += std::string(buffer, static_cast<std::size_t>(n)) + "\n--\n";
    }
    return true;
  }
  [[nodiscard]] const std::string& received() const { return received_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string received_;
};

TEST_F(DaemonTest, NotifiesReadyStatusWatchdogAndStopping) {
  NotifySocket notify(dir_ / "notify.sock");
  // WATCHDOG_USEC without WATCHDOG_PID applies to whoever reads it: pings every 0.5 s.
  start_daemon({{"NOTIFY_SOCKET", (dir_ / "notify.sock").string()}, {"WATCHDOG_USEC", "1000000"}});
  ASSERT_TRUE(notify.receive_until("READY=1", 10s)) << notify.received() << daemon().stderr_text();
  EXPECT_TRUE(notify.receive_until("STATUS=last cycle in_step", 10s)) << notify.received();
  EXPECT_TRUE(notify.receive_until("WATCHDOG=1", 3s)) << notify.received();

  daemon().send_signal(SIGTERM);
  EXPECT_TRUE(notify.receive_until("STOPPING=1", 5s)) << notify.received();
  auto status = daemon().wait(10s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 0) << status->describe();
  // The order systemd relies on: ready before any status of a cycle, stopping last of these.
  const auto& all = notify.received();
  EXPECT_LT(all.find("READY=1"), all.find("STATUS=last cycle"));
  EXPECT_LT(all.find("STATUS=last cycle"), all.find("STOPPING=1"));
}

TEST_F(DaemonTest, ReloadIsAnnouncedAndFollowedByReady) {
  NotifySocket notify(dir_ / "notify.sock");
  start_daemon({{"NOTIFY_SOCKET", (dir_ / "notify.sock").string()}});
  ASSERT_TRUE(notify.receive_until("STATUS=last cycle", 10s)) << notify.received();
  daemon().send_signal(SIGHUP);
  ASSERT_TRUE(notify.receive_until("RELOADING=1", 5s)) << notify.received();
  const auto reloading = notify.received().rfind("RELOADING=1");
  ASSERT_TRUE(notify.receive_until("READY=1\nSTATUS=last cycle", 5s));
  EXPECT_LT(reloading, notify.received().rfind("READY=1"));
}

}  // namespace
}  // namespace oss::testing
