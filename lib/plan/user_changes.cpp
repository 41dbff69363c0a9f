#include "plan/user_changes.hpp"

#include <algorithm>

namespace oss::plan {

namespace {

bool is_managed(const Policy& policy, const std::string& reference) {
  return std::find(policy.manage_attributes.begin(), policy.manage_attributes.end(), reference) !=
         policy.manage_attributes.end();
}

// Both lists are sorted by reference, so one merge walk finds every difference in reference order.
void attribute_changes(const model::Attributes& desired, const model::Attributes& remote, const Policy& policy,
                       std::vector<AttributeChange>& changes) {
  auto want = desired.begin();
  auto have = remote.begin();
  while (want != desired.end() || have != remote.end()) {
    if (have == remote.end() || (want != desired.end() && want->first < have->first)) {
      changes.push_back({want->first, std::nullopt, want->second});
      ++want;
    } else if (want == desired.end() || have->first < want->first) {
      if (is_managed(policy, have->first)) changes.push_back({have->first, have->second, std::nullopt});
      ++have;
    } else {
      if (want->second != have->second) changes.push_back({want->first, have->second, want->second});
      ++want;
      ++have;
    }
  }
}

}  // namespace

std::optional<Update> changes_between(const model::User& desired, const model::RemoteUser& remote,
                                      const Policy& policy) {
  const model::User& current = remote.user;
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
