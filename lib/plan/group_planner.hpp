#pragma once
// The group planner: a pure diff of the groups the source names against Omni's groups. It runs after the user
// planner and the guards, because who ends up in a group depends on which users exist, are created in this run,
// are deleted, or had their removal withheld.
#include <span>
#include <string_view>

#include "model/group.hpp"
#include "model/user.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"

namespace oss::plan {

struct GroupPlanInput {
  std::span<const model::User> desired;               // the snapshot; User::groups holds source names
  std::span<const model::RemoteUser> remote_users;    // userName -> id
  std::span<const model::RemoteGroup> remote_groups;
  const Plan& user_plan;                              // after guards
};

// A group is managed when its Omni name starts with policy.prefix and, under `manage: listed`, the rest of the
// name is one of policy.names (or an old name in policy.renames). Other groups are never touched.
bool is_managed_group(std::string_view omni_name, const GroupPolicy& policy);

// - Desired groups: each active source user's groups (trimmed, empty ones dropped), named prefix + name at Omni;
//   under `manage: listed` only the listed names.
// - Matching a desired group to a managed Omni group: the same name; else the old name policy.renames gives for it;
//   else the same name ignoring ASCII case. The last two are renames: the group keeps its id. Omni groups have no
//   external id, and guessing a rename from equal members could hand one group's access to another, so a new
//   name is otherwise a new group.
// - Matched: one UpdateGroup with the rename, the members to add and the members to remove. Members whose user
//   is deleted in this run (Omni drops them with the user), whose removal the guards withheld, or whose id is not
//   a listed user (an embed user, say) are not removed.
// - Not at Omni: CreateGroup with its members. At Omni but no longer in the source: DeleteGroup under
//   `deprovision_groups: delete`, else left as it is.
// Order: creates, updates, deletes, each by name; members by normalised userName.
GroupPlan plan_groups(const GroupPlanInput& input, const GroupPolicy& policy);

}  // namespace oss::plan
