#include "service/health_state.hpp"

#include <fmt/format.h>

#include "service/cycle_outcome.hpp"

namespace oss::service {

void HealthState::record_cycle(sync::CycleOutcome outcome, Clock::time_point finished) {
  if (outcome == sync::CycleOutcome::key_refused) key_refused_ = true;
  if (is_success(outcome)) {
    last_success_ = finished;
    last_failure_.reset();
    consecutive_failures_ = 0;
  } else if (is_failure(outcome)) {
    last_failure_ = std::string(outcome_name(outcome));
    ++consecutive_failures_;
  }
}

void HealthState::record_error() {
  last_failure_ = "error";
  ++consecutive_failures_;
}

void HealthState::reloaded(std::chrono::seconds interval) {
  interval_ = interval;
  key_refused_ = false;
}

std::optional<std::string> HealthState::unhealthy_reason() const {
  if (key_refused_) return std::string("key_refused: syncing is stopped until the key is fixed and the configuration reloaded (see the log)");
  return std::nullopt;
}

std::optional<std::string> HealthState::not_ready_reason(Clock::time_point now) const {
  if (auto reason = unhealthy_reason()) return reason;
  if (!last_success_) {
    if (last_failure_) return "no_success_yet: the last cycle ended " + *last_failure_ + " (see the log)";
    return std::string("no_success_yet");
  }
  const auto age = now - *last_success_;
  if (age > interval_ * kStaleAfterIntervals) {
    std::string reason = fmt::format("stale: the last successful cycle was {} s ago (more than {} intervals of {} s)",
                                     std::chrono::duration_cast<std::chrono::seconds>(age).count(),
                                     kStaleAfterIntervals, interval_.count());
    if (last_failure_) reason += "; the last cycle ended " + *last_failure_ + " (see the log)";
    return reason;
  }
  return std::nullopt;
}

}  // namespace oss::service
