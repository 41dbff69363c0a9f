#include "sync/group_stage.hpp"

#include "guard/group_guards.hpp"
#include "plan/group_planner.hpp"

namespace oss::sync {

plan::GroupPlan plan_group_stage(std::span<const model::User> desired, std::span<const model::RemoteUser> remote_users,
                                 std::span<const model::RemoteGroup> remote_groups, const plan::Plan& guarded_user_plan,
                                 const plan::GroupPolicy& policy, const guard::GuardPolicy& guards,
                                 const guard::GuardContext& context) {
  plan::GroupPlan groups = plan::plan_groups({desired, remote_users, remote_groups, guarded_user_plan}, policy);
  const std::size_t managed = remote_groups.size() - groups.unmanaged;
  return guard::apply_group_guards(std::move(groups), guards, context, managed);
}

}  // namespace oss::sync
