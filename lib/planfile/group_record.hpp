#pragma once
// The group part of a plan file (plan_file.hpp, "groups"): the group plan as `--output json` shows it, with what
// `apply` needs besides: the members' Omni ids and, for each operation, the group it was planned against as
// {"displayName", "memberIds": [sorted ids]} (null for a create). At apply, Omni's group now is judged as a user's
// record is (plan_record.hpp): as planned, in the operation's end state, or changed.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "model/group.hpp"
#include "plan/group_plan.hpp"
#include "planfile/json_field.hpp"
#include "planfile/plan_record.hpp"

namespace oss::planfile {

boost::json::object group_state(const model::RemoteGroup& group);

// Omni's group with this id as the plan saw it; null when unknown.
using RemoteGroupById = std::function<const model::RemoteGroup*(const std::string& id)>;

boost::json::value encode_group_part(const plan::GroupPlan& plan, const RemoteGroupById& remote_by_id);

struct GroupPart {
  plan::GroupPlan plan;
  std::vector<std::optional<boost::json::object>> planned;   // for plan.operations[i]
};
GroupPart decode_group_part(const JsonField& groups);

// `now`: Omni's group now (nullopt: none of that id, or for a create none of that name). Members whose id is
// still empty (users this apply creates) cannot be in place yet.
Judgement judge_group(const std::optional<boost::json::object>& planned, const plan::GroupOperation& operation,
                      const std::optional<boost::json::object>& now);

}  // namespace oss::planfile
