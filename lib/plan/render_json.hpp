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
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <ostream>
#include <string>

#include "plan/plan.hpp"

namespace oss::plan {

// The document as one value (for tests and small plans: a million operations take over a gigabyte this way).
boost::json::value plan_to_json(const Plan& plan);

// The same document written to `out` one operation at a time, as boost::json::serialize(plan_to_json(plan)) would
// write it (one line, no trailing newline), with the members of `more` appended after the plan's own (the
// reconciler's "groups" and "result").
void write_plan_json(std::ostream& out, const Plan& plan, const boost::json::object& more = {});

// The pieces of the document, for writers that stream it (the plan file, lib/planfile/):
// an attribute value (whole numbers as integers), {"op", "userName", "id"}, and one element of "operations".
// `sp`: where the values live (default: the heap); write_plan_json gives a scratch buffer reused for each operation.
boost::json::value value_to_json(const model::AttributeValue& value, boost::json::storage_ptr sp = {});
boost::json::object operation_head(const Operation& operation, boost::json::storage_ptr sp = {});
boost::json::object operation_to_json(const Operation& operation, boost::json::storage_ptr sp = {});
// One element of "upcomingDeletions": {"userName", "id", "goneSince", "deleteOn"}.
boost::json::object gone_to_json(const GoneUser& gone);

// write_plan_json as one string.
std::string render_json(const Plan& plan);

}  // namespace oss::plan
