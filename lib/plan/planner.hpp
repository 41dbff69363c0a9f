#pragma once
// The planner: a pure diff of the desired users (the snapshot) against Omni's users.
#include <cstddef>
#include <span>

#include "model/user.hpp"
#include "plan/plan.hpp"

namespace oss::plan {

// Users are matched by model::normalise_user_name.
// - In the source, not at Omni: Create (unless the source says `active: false`: a deactivated person is not created).
// - In both: Update with only the fields that differ (see changes_between); `active: false` in the source for a user
//   active at Omni: Deactivate (from_source); already inactive at Omni: unchanged.
// - At Omni, not in the source: per policy.deprovision (Delete / Deactivate / nothing; already inactive users count
//   as unchanged under `deactivate`).
// - Several Omni users sharing a normalised userName are left alone and listed in Plan::duplicate_remote.
// Order: creates, updates, deactivations, deletes; each group sorted by normalised userName.
// The desired userNames are expected to be unique (the snapshot builder rejects repeats); a repeat is ignored.
Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy);

// From this many desired users on, diff matches the two halves of the list on two threads (the plan is the same).
inline constexpr std::size_t kParallelPlanFrom = 16384;

// diff with another threshold: the tests compare a plan matched in halves with one matched in a single pass.
Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          std::size_t parallel_from);

}  // namespace oss::plan
