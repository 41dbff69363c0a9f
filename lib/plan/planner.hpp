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
//   as unchanged under `deactivate`). Under `deactivate_then_delete`: Deactivate while active at Omni, Delete once
//   the grace clock says they have been gone policy.delete_after_days, else unchanged; all of them in Plan::gone.
// - Reactivation: a person active in the source and inactive at Omni gets an Update with active = true (same id).
// - Several Omni users sharing a normalised userName are left alone and listed in Plan::duplicate_remote.
// Order: by apply_phase (plan.hpp); within a phase creates, updates, deactivations, deletes, each by normalised
// userName.
// The desired userNames are expected to be unique (the snapshot builder rejects repeats); a repeat is ignored.
// Without a grace clock, deactivate_then_delete only deactivates.
Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy);
Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          const GraceClock& clock);

// From this many desired users on, diff matches the two halves of the list on two threads (the plan is the same).
inline constexpr std::size_t kParallelPlanFrom = 16384;

// diff with another threshold: the tests compare a plan matched in halves with one matched in a single pass.
Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          std::size_t parallel_from);
Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          const GraceClock* clock, std::size_t parallel_from);

// diff, with each person to create moved out of `desired` into their Create instead of copied (their records are
// left moved-from; the others are untouched): for a caller that reads no desired record after planning. A million
// creates would otherwise hold a second copy of every person.
Plan diff_moving_creates(std::span<model::User> desired, std::span<const model::RemoteUser> remote,
                         const Policy& policy, const GraceClock* clock, std::size_t parallel_from = kParallelPlanFrom);

}  // namespace oss::plan
