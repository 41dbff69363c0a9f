#pragma once
// The words for a cycle's outcome used in logs, STATUS= and the metrics' `result` label, and which outcomes
// mean "the sync works" for readiness and backoff.
#include <array>
#include <string_view>

#include "sync/reconciler.hpp"

namespace oss::service {

inline constexpr std::array kAllOutcomes{
    sync::CycleOutcome::in_step,     sync::CycleOutcome::changes_pending, sync::CycleOutcome::guard_withheld,
    sync::CycleOutcome::some_failed, sync::CycleOutcome::key_refused,     sync::CycleOutcome::source_failed,
    sync::CycleOutcome::omni_failed, sync::CycleOutcome::interrupted, sync::CycleOutcome::not_audited,
    sync::CycleOutcome::timed_out};

std::string_view outcome_name(sync::CycleOutcome outcome);

// A cycle that read the source, listed Omni and applied what the guards let through without failures.
// A guard withholding removals is the guards doing their job, not a failure of the sync.
bool is_success(sync::CycleOutcome outcome);

// A cycle that failed and should count towards backoff. An interrupted cycle is neither.
bool is_failure(sync::CycleOutcome outcome);

}  // namespace oss::service
