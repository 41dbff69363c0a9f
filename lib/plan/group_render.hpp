#pragma once
// The group part of the plan, as people read it (after the user lines) and as JSON (the document's "groups"):
//   + create group "Engineering" (2 members: ada@x.co, bob@x.co)
//   ~ update group "Eng": rename -> "Engineering"; add 1 (ada@x.co); remove 1 (eve@x.co)
//   - delete group "Old" (id 8fZ1k2Qa, 4 members)
//   ! withheld delete_group "Old": <reason>
//   Groups: 1 to create, 1 to update, 1 to delete, 3 unchanged, 2 unmanaged, 0 withheld.
// Long member lists are cut in the text (the JSON has them all).
#include <boost/json/value.hpp>
#include <ostream>
#include <string>

#include "plan/group_plan.hpp"

namespace oss::plan {

std::string group_operation_line(const GroupOperation& operation);

// Every line, each ending in '\n', written to `out` as it is made (after the user lines, see write_text).
void write_group_text(std::ostream& out, const GroupPlan& plan);

// write_group_text's lines as one string.
std::string render_group_text(const GroupPlan& plan);

// {"summary": {"create", "update", "delete", "unchanged", "unmanaged", "withheld"},
//  "operations": [{"op", "displayName", "id" (not for create), "rename", "add": [userName], "remove": [userName],
//                  "members": [userName] (create), "memberCount" (delete)}],
//  "withheld": [{... as an operation, "kind", "reason"}], "unplaced": ["group: userName"]}
boost::json::value group_plan_to_json(const GroupPlan& plan);

}  // namespace oss::plan
