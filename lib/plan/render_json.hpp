#pragma once
// The plan as one JSON document (for `--output json`, scripts and CI):
// {"summary": {"create", "update", "deactivate", "delete", "unchanged", "withheld"},
//  "operations": [{"op", "userName", "id" (not for create), "changes": {...}}],
//  "withheld": [{"op", "userName", "id", "kind", "reason"}],
//  "duplicates": [{"userName", "ids": [...]}] (only when Omni holds duplicate userNames)}
// changes: create -> {"displayName", "active", "attributes": {...}};
//          update -> {"displayName": {"from", "to"}, "active": {"from", "to"}, "attributes.<ref>": {"from", "to"}}
//                    (null for an attribute not set / cleared);
//          deactivate -> {"active": {"from": true, "to": false}}, plus "fromSource"; delete -> no changes.
#include <boost/json/value.hpp>
#include <string>

#include "plan/plan.hpp"

namespace oss::plan {

boost::json::value plan_to_json(const Plan& plan);

// The pieces of the document, for writers that stream it (the plan file, lib/planfile/):
// an attribute value (whole numbers as integers), {"op", "userName", "id"}, and one element of "operations".
boost::json::value value_to_json(const model::AttributeValue& value);
boost::json::object operation_head(const Operation& operation);
boost::json::object operation_to_json(const Operation& operation);
// One element of "upcomingDeletions": {"userName", "id", "goneSince", "deleteOn"}.
boost::json::object gone_to_json(const GoneUser& gone);

// plan_to_json serialised, without a trailing newline.
std::string render_json(const Plan& plan);

}  // namespace oss::plan
