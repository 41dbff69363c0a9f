#pragma once
// Writes a plan file (plan_file.hpp) as a stream: operation by operation, hashed as it goes, into a temporary file
// that is renamed into place once whole (mode 0600: it names people).
#include <filesystem>
#include <functional>
#include <string>

#include <boost/json/value.hpp>

#include "model/user.hpp"
#include "planfile/group_record.hpp"
#include "planfile/plan_file.hpp"

namespace oss::planfile {

// Omni's record of the user with this id, as the plan saw it; null when unknown.
using RemoteById = std::function<const model::RemoteUser*(const std::string& id)>;

// `groups`: the group part, null when groups are not synced. Returns the file's sha256 (hex).
// Throws std::system_error naming the file.
std::string write_plan_file(const std::filesystem::path& file, const PlanOrigin& origin, const plan::Plan& plan,
                            const plan::GroupPlan* groups, const RemoteById& remote_by_id,
                            const RemoteGroupById& group_by_id);

// The names the file uses for a deprovisioning policy: "delete", "deactivate", "ignore", "deactivate_then_delete"
// (as sync.deprovision spells them).
const char* deprovision_name(plan::Deprovision deprovision);

}  // namespace oss::planfile
