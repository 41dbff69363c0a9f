#pragma once
// What a daemon cycle withheld and what it changed, as log events: an admin reading the journal sees each
// withheld operation with the guard's reason, and the changes Omni accepted, without running a dry run.
// Bounded per cycle (an initial load of 10,000 people is one count, not 10,000 lines); the audit log has
// every operation.
#include <cstddef>

#include "sync/reconciler.hpp"

namespace oss::service {

inline constexpr std::size_t kLoggedWithheldPerCycle = 20;

// Logs `withheld` (warning) for each withheld user and group operation, `applied` (info) for each user operation
// in the report's sample, then one `more ...` event with the count of those left out.
void log_cycle_changes(const sync::CycleResult& result);

}  // namespace oss::service
