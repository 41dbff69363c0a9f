#pragma once
// What /healthz and /readyz answer, from the history of cycles. Pure: the caller passes the clock's readings,
// so the rules are tested without waiting. The answers hold reason codes (the cycle outcomes' names), never a
// failure's text: anyone who can reach the port reads them, and the text (a server's words, an LDAP diagnostic,
// a file path) is for the log.
#include <chrono>
#include <optional>
#include <string>

#include "sync/reconciler.hpp"

namespace oss::service {

// Ready no longer than this many intervals after the last successful cycle.
inline constexpr int kStaleAfterIntervals = 3;

class HealthState {
 public:
  using Clock = std::chrono::steady_clock;

  explicit HealthState(std::chrono::seconds interval) : interval_(interval) {}

  void record_cycle(sync::CycleOutcome outcome, Clock::time_point finished);
  // A cycle that threw instead of returning an outcome (another run held the lock, ...): a failure.
  void record_error();
  // A reload with a configuration that loaded: a refused key may have been replaced, so syncing resumes.
  void reloaded(std::chrono::seconds interval);

  // nullopt when healthy. Unhealthy only while a refused key has stopped the sync: a restart will not fix
  // that, an operator must (new key, then reload).
  [[nodiscard]] std::optional<std::string> unhealthy_reason() const;
  // nullopt when ready: a cycle has succeeded, not longer than kStaleAfterIntervals intervals ago, and the key
  // was not refused since. Otherwise why not, for the 503 body.
  [[nodiscard]] std::optional<std::string> not_ready_reason(Clock::time_point now) const;

  [[nodiscard]] bool key_refused() const { return key_refused_; }
  [[nodiscard]] int consecutive_failures() const { return consecutive_failures_; }

 private:
  std::chrono::seconds interval_;
  std::optional<Clock::time_point> last_success_;
  std::optional<std::string> last_failure_;   // the last failed cycle's reason code, while no success followed
  bool key_refused_ = false;
  int consecutive_failures_ = 0;
};

}  // namespace oss::service
