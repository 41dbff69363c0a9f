#pragma once
// What must change for one remote user to match its desired record: the field-by-field comparison.
#include <optional>

#include "model/user.hpp"
#include "plan/plan.hpp"

namespace oss::plan {

// The Update that brings `remote` in step with `desired` (an active person), or nullopt when nothing differs.
// Compared: displayName, active (false -> true: reactivation) and attributes, by value and type. An attribute set
// remotely but absent from `desired` is cleared only when policy.manage_attributes lists it.
std::optional<Update> changes_between(const model::User& desired, const model::RemoteUser& remote, const Policy& policy);

// True when a glance shows nothing to change (the same displayName, no reactivation, byte-identical attributes):
// then changes_between gives nullopt. False means "compare properly", not "changed". Allocates nothing.
bool unchanged_at_a_glance(const model::User& desired, const model::User& current);

}  // namespace oss::plan
