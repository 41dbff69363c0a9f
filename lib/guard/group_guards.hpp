#pragma once
// The guards for the group part of a plan: the same safety rules as for users, so a broken source or an
// unusually large removal never takes access away through groups either.
#include <cstddef>

#include "guard/guards.hpp"
#include "plan/group_plan.hpp"

namespace oss::guard {

// 1. Source health (see guards.hpp): when the source cannot be trusted, every member removal (split off its
//    UpdateGroup, whose rename and additions go ahead) and every group delete is withheld.
// 2. Threshold: group deletes above max_deletes or max_delete_percent of `managed_remote_groups` are all withheld;
//    --allow-deletes N replaces both limits, as for users.
plan::GroupPlan apply_group_guards(plan::GroupPlan plan, const GuardPolicy& policy, const GuardContext& context,
                                   std::size_t managed_remote_groups);

// True when a group operation was withheld by source health or the threshold (exit code 3).
bool trips_group_guard(const plan::GroupPlan& plan);

}  // namespace oss::guard
