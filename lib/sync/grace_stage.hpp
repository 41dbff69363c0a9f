#pragma once
// deprovision: deactivate_then_delete, around the pure planner: the grace clock read from state_dir before a
// plan, kept after an apply.
#include <chrono>
#include <optional>

#include "config/config.hpp"
#include "plan/plan.hpp"

namespace oss::sync {

// nullopt unless the policy is deactivate_then_delete. A clock file that is missing or cannot be trusted starts
// every grace period again from `today` (it never shortens one), and the log says so.
std::optional<plan::GraceClock> load_grace_clock(const config::Config& config, std::chrono::sys_days today);

// After an apply (not a dry run): keeps the day each gone person was first missed, from the plan. Not when a
// source-health guard fired: a source that looks broken says nothing about who has left, so no clock starts then.
void keep_grace_clock(const config::Config& config, const plan::Plan& plan);

}  // namespace oss::sync
