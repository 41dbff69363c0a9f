#pragma once
// sd_notify(3) through libsystemd: READY=1, STATUS=, RELOADING=1, WATCHDOG=1, STOPPING=1. Without
// NOTIFY_SOCKET (not started by systemd as Type=notify) every call does nothing.
#include <chrono>
#include <optional>
#include <string_view>

namespace oss::service {

class SystemdNotifier {
 public:
  void ready(std::string_view status);
  void status(std::string_view status);
  // Between RELOADING=1 and the next READY=1 systemd shows the unit as "reloading".
  void reloading();
  void stopping(std::string_view status);
  void watchdog();

  // WatchdogSec= for this process (sd_watchdog_enabled), or nullopt when no watchdog is expected.
  [[nodiscard]] static std::optional<std::chrono::microseconds> watchdog_timeout();
  // How often to send WATCHDOG=1: half the timeout, as sd_watchdog_enabled(3) recommends.
  [[nodiscard]] static std::chrono::microseconds watchdog_period(std::chrono::microseconds timeout) { return timeout / 2; }

 private:
  void send(const std::string& message);
};

}  // namespace oss::service
