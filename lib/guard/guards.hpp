#pragma once
// The guards: pure safety rules between the planner and the applier. They never add work, they only move
// operations from Plan::operations to Plan::withheld, each with its kind and a reason that says what to do.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "guard/guard_policy.hpp"
#include "plan/plan.hpp"

namespace oss::guard {

struct GuardContext {
  std::optional<std::string> own_user_id;          // from /api/v1/whoami; never deactivate/delete this user
  std::size_t remote_users = 0;                    // managed remote users (for the percentage)
  std::size_t source_records = 0;                  // users in the snapshot
  bool source_complete = true;                     // false when rows were skipped (on_error: skip)
  std::optional<std::size_t> last_source_records;  // from the last successful run (may be absent)
};

// Applied in this order, each to what the previous ones left:
// 1. protect: updates, deactivations and deletes of users matching a `protect` pattern (creates go ahead).
// 2. own user: the API key's own user is never deactivated or deleted.
// 3. source health: when the source is empty, incomplete, or shrank by more than max_delete_percent since the last
//    successful run, every deprovisioning removal (delete, or deactivation of someone absent from the source) is
//    withheld. A deactivation the source asks for (`active: false`) is deliberate and passes on to 4.
//    --allow-deletes waives the shrink check (the operator confirms the departures); an empty or incomplete
//    source is never trusted for removals.
// 4. threshold: when the remaining removals exceed max_deletes or max_delete_percent of remote_users, all of
//    them are withheld (all or nothing: half a mass removal is worse than none). --allow-deletes N replaces both
//    limits for the run: up to N removals go, whatever the percentage.
plan::Plan apply_guards(plan::Plan plan, const GuardPolicy& policy, const GuardContext& context);

// True when the plan holds a delete_threshold or source_health withholding: the run needs a person (exit code 3).
// protected_user and own_user withholdings are routine and do not count.
bool trips_guard(const plan::Plan& plan);

// Rule 3's test on its own: why the source cannot be trusted to say who (or which group) has gone, or nullopt.
std::optional<std::string> source_health_problem(const GuardPolicy& policy, const GuardContext& context);

// Rule 4's test on its own: why `removals` out of `total` (named by `what`, e.g. "remote users") are too many
// for one run, or nullopt.
std::optional<std::string> removal_limit_problem(std::size_t removals, std::size_t total, std::string_view what,
                                                 const GuardPolicy& policy);

}  // namespace oss::guard
