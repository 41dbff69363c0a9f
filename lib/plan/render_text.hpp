#pragma once
// The plan as people read it: one line per operation, the withheld ones with their reason, then a summary:
//   + create alice@x.co (displayName "Alice", active, region="eu")
//   ~ update bob@x.co: displayName: "Bob" -> "Robert"; attributes.region: "us" -> "eu"
//   - deactivate c@x.co
//   - delete d@x.co (id 9e87...)
//   ! withheld delete e@x.co: <reason>
//   Plan: 1 to create, 1 to update, 1 to deactivate, 1 to delete, 5 unchanged, 1 withheld.
// Values are quoted and control characters escaped, so each operation is exactly one line whatever the data holds.
#include <ostream>
#include <string>

#include "plan/plan.hpp"

namespace oss::plan {

// One operation, without the trailing newline.
std::string operation_line(const Operation& operation);

// Every line, each ending in '\n', written to `out` as it is made: the lines of a million operations would be a
// string of 100 MB or more.
void write_text(std::ostream& out, const Plan& plan);

// write_text's lines as one string (for tests and messages about small plans).
std::string render_text(const Plan& plan);

}  // namespace oss::plan
