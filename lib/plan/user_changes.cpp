#include "plan/user_changes.hpp"

#include <algorithm>

namespace oss::plan {

namespace {

bool is_managed(const Policy& policy, const std::string& reference) {
  return std::find(policy.manage_attributes.begin(), policy.manage_attributes.end(), reference) !=
         policy.manage_attributes.end();
}

// Both lists are sorted by reference, so one merge walk finds every difference in reference order. The usual case,
// the same references on both sides, compares interned handles and encoded values: nothing is decoded or copied.
void attribute_changes(const model::Attributes& desired, const model::Attributes& remote, const Policy& policy,
                       std::vector<AttributeChange>& changes) {
  if (desired.same_encoding(remote)) return;  // one memcmp instead of a walk
  auto want = desired.begin();
  auto have = remote.begin();
  while (want != desired.end() || have != remote.end()) {
    const bool wanted = want != desired.end(), held = have != remote.end();
    if (wanted && held && (*want).name() == (*have).name()) {
      if (!(*want).same_value(*have)) changes.push_back({(*want).reference(), (*have).value(), (*want).value()});
      ++want;
      ++have;
    } else if (!held || (wanted && (*want).reference() < (*have).reference())) {
      changes.push_back({(*want).reference(), std::nullopt, (*want).value()});
      ++want;
    } else {
      if (is_managed(policy, (*have).reference())) changes.push_back({(*have).reference(), (*have).value(), std::nullopt});
      ++have;
    }
  }
}

}  // namespace

bool unchanged_at_a_glance(const model::User& desired, const model::User& current) {
  return desired.display_name == current.display_name && !(desired.active && !current.active) &&
         desired.attributes.same_encoding(current.attributes);
}

std::optional<Update> changes_between(const model::User& desired, const model::RemoteUser& remote,
                                      const Policy& policy) {
  const model::User& current = remote.user;
  // Most people are unchanged: settle that before building an Update (two strings, an optional pair, a vector).
  if (unchanged_at_a_glance(desired, current)) return std::nullopt;
  Update update;
  if (desired.display_name != current.display_name)
    update.display_name.emplace(current.display_name, desired.display_name);
  if (desired.active && !current.active) update.active = true;
  attribute_changes(desired.attributes, current.attributes, policy, update.attributes);
  if (!update.display_name && !update.active && update.attributes.empty()) return std::nullopt;
  update.id = remote.id;
  update.user_name = current.user_name;
  return update;
}

}  // namespace oss::plan
