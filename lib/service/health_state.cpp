#include "service/health_state.hpp"

#include <fmt/format.h>

#include "service/cycle_outcome.hpp"

namespace oss::service {

void HealthState::record_cycle(sync::CycleOutcome outcome, const std::string& message, Clock::time_point finished) {
  if (outcome == sync::CycleOutcome::key_refused) key_refused_ = message;
  if (is_success(outcome)) {
    last_success_ = finished;
    last_failure_.reset();
    consecutive_failures_ = 0;
  } else if (is_failure(outcome)) {
    last_failure_ = fmt::format("{}: {}", outcome_name(outcome), message);
    ++consecutive_failures_;
  }
}

void HealthState::record_error(const std::string& message) {
  last_failure_ = "error: " + message;
  ++consecutive_failures_;
}

void HealthState::reloaded(std::chrono::seconds interval) {
  interval_ = interval;
  key_refused_.reset();
}

std::optional<std::string> HealthState::unhealthy_reason() const {
  if (key_refused_) return "the API key was refused; syncing is stopped until the configuration is fixed and reloaded: " + *key_refused_;
  return std::nullopt;
}

std::optional<std::string> HealthState::not_ready_reason(Clock::time_point now) const {
  if (auto reason = unhealthy_reason()) return reason;
  if (!last_success_) {
    if (last_failure_) return "no cycle has succeeded yet; the last one failed: " + *last_failure_;
    return std::string("no cycle has succeeded yet");
  }
  const auto age = now - *last_success_;
  if (age > interval_ * kStaleAfterIntervals) {
    std::string reason = fmt::format("the last successful cycle was {} s ago (more than {} intervals of {} s)",
                                     std::chrono::duration_cast<std::chrono::seconds>(age).count(),
                                     kStaleAfterIntervals, interval_.count());
    if (last_failure_) reason += "; the last one failed: " + *last_failure_;
    return reason;
  }
  return std::nullopt;
}

}  // namespace oss::service
