#include "service/systemd_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace oss::service {

namespace {

// STATUS= is one line: a newline would start a new assignment.
std::string one_line(std::string_view text) {
  std::string line(text);
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

}  // namespace

void SystemdNotifier::send(const std::string& message) {
  // 0: keep NOTIFY_SOCKET in the environment, the daemon notifies for its whole life.
  const int result = sd_notify(0, message.c_str());
  if (result < 0) spdlog::debug("sd_notify failed: {}", std::string(std::strerror(-result)));
}

void SystemdNotifier::ready(std::string_view status) { send("READY=1\nSTATUS=" + one_line(status)); }
void SystemdNotifier::status(std::string_view status) { send("STATUS=" + one_line(status)); }
void SystemdNotifier::reloading() { send("RELOADING=1\nSTATUS=reloading the configuration"); }
void SystemdNotifier::stopping(std::string_view status) { send("STOPPING=1\nSTATUS=" + one_line(status)); }
void SystemdNotifier::watchdog() { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_timeout() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) return std::chrono::microseconds(usec);
  return std::nullopt;
}

}  // namespace oss::service
