#pragma once
// The group part of a cycle: after the user plan is guarded, plan the managed groups against Omni's groups and
// guard that too. Pure; the reconciler lists the groups and applies the result.
#include <optional>
#include <span>

#include "guard/guards.hpp"
#include "model/group.hpp"
#include "model/user.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"

namespace oss::sync {

plan::GroupPlan plan_group_stage(std::span<const model::User> desired, std::span<const model::RemoteUser> remote_users,
                                 std::span<const model::RemoteGroup> remote_groups, const plan::Plan& guarded_user_plan,
                                 const plan::GroupPolicy& policy, const guard::GuardPolicy& guards,
                                 const guard::GuardContext& context);

// Whether a group plan holds anything to send.
inline bool has_group_work(const std::optional<plan::GroupPlan>& groups) { return groups && !groups->operations.empty(); }

}  // namespace oss::sync
