#include "service/cycle_outcome.hpp"

namespace oss::service {

using sync::CycleOutcome;

std::string_view outcome_name(CycleOutcome outcome) {
  switch (outcome) {
    case CycleOutcome::in_step: return "in_step";
    case CycleOutcome::changes_pending: return "changes_pending";
    case CycleOutcome::guard_withheld: return "guard_withheld";
    case CycleOutcome::some_failed: return "some_failed";
    case CycleOutcome::key_refused: return "key_refused";
    case CycleOutcome::source_failed: return "source_failed";
    case CycleOutcome::omni_failed: return "omni_failed";
    case CycleOutcome::interrupted: return "interrupted";
    case CycleOutcome::not_audited: return "not_audited";
    case CycleOutcome::timed_out: return "timed_out";
  }
  return "unknown";
}

bool is_success(CycleOutcome outcome) {
  return outcome == CycleOutcome::in_step || outcome == CycleOutcome::changes_pending ||
         outcome == CycleOutcome::guard_withheld;
}

bool is_failure(CycleOutcome outcome) { return !is_success(outcome) && outcome != CycleOutcome::interrupted; }

}  // namespace oss::service
