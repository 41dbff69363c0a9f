#include "plan/group_planner.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace oss::plan {

namespace {

using model::normalise_user_name;

// What the user side of the run means for memberships.
struct UserFacts {
  std::unordered_map<std::string, std::string> id_by_name;     // normalised userName -> id (unique names only)
  std::unordered_set<std::string> ambiguous_names;             // several Omni users share the name
  std::unordered_map<std::string, std::string> name_by_id;     // id -> userName as Omni spells it
  std::unordered_set<std::string> created;                     // normalised userNames created in this run
  std::unordered_set<std::string> deleted_ids;                 // Omni drops their memberships with them
  std::unordered_set<std::string> kept_ids;                    // their removal was withheld: keep their access
};

UserFacts user_facts(const GroupPlanInput& input) {
  UserFacts facts;
  for (const model::RemoteUser& remote : input.remote_users) {
    std::string key = normalise_user_name(remote.user.user_name);
    facts.name_by_id.emplace(remote.id, remote.user.user_name);
    if (facts.ambiguous_names.contains(key)) continue;
    if (!facts.id_by_name.emplace(key, remote.id).second) {
      facts.id_by_name.erase(key);
      facts.ambiguous_names.insert(std::move(key));
    }
  }
  for (const Operation& operation : input.user_plan.operations) {
    if (const auto* create = std::get_if<Create>(&operation)) facts.created.insert(normalise_user_name(create->user.user_name));
    else if (const auto* remove = std::get_if<Delete>(&operation)) facts.deleted_ids.insert(remove->id);
  }
  for (const Withheld& withheld : input.user_plan.withheld)
    if (!op_id(withheld.operation).empty()) facts.kept_ids.insert(op_id(withheld.operation));
  return facts;
}

struct DesiredGroup {
  std::string name;                 // at Omni (prefix included)
  std::vector<MemberRef> members;   // sorted by normalised userName
};

bool is_listed(std::string_view source_name, const GroupPolicy& policy) {
  return policy.manage == GroupManage::all ||
         std::find(policy.names.begin(), policy.names.end(), source_name) != policy.names.end() ||
         policy.renames.contains(std::string(source_name));
}

std::vector<DesiredGroup> desired_groups(const GroupPlanInput& input, const GroupPolicy& policy, const UserFacts& facts,
                                         std::vector<std::string>& unplaced) {
  // Omni name -> normalised userName -> the user; std::map keeps both in a stable order.
  std::map<std::string, std::map<std::string, const model::User*>> wanted;
  for (const model::User& user : input.desired) {
    if (!user.active) continue;   // an inactive person is deactivated, not given access
    for (const std::string& group : user.groups) {
      const std::string_view name = model::trim(group);
      if (name.empty() || !is_listed(name, policy)) continue;
      wanted[policy.prefix + std::string(name)].emplace(normalise_user_name(user.user_name), &user);
    }
  }
  std::vector<DesiredGroup> groups;
  groups.reserve(wanted.size());
  for (auto& [name, users] : wanted) {
    DesiredGroup group{name, {}};
    for (const auto& [key, user] : users) {
      if (const auto id = facts.id_by_name.find(key); id != facts.id_by_name.end()) {
        group.members.push_back({user->user_name, id->second});
      } else if (facts.created.contains(key) && !facts.ambiguous_names.contains(key)) {
        group.members.push_back({user->user_name, {}});
      } else {
        unplaced.push_back(name + ": " + user->user_name);
      }
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

std::string folded(std::string_view name) { return normalise_user_name(name); }

// Pairs desired groups (by position) with managed remote groups (by position), in three passes of falling
// certainty. Each side is matched at most once.
std::vector<std::optional<std::size_t>> match_groups(const std::vector<DesiredGroup>& desired,
                                                     std::span<const model::RemoteGroup> remote,
                                                     const std::vector<std::size_t>& managed, const GroupPolicy& policy) {
  std::vector<std::optional<std::size_t>> match(desired.size());
  std::vector<bool> taken(remote.size());
  const auto pass = [&](auto same) {
    for (std::size_t d = 0; d < desired.size(); ++d) {
      if (match[d]) continue;
      std::optional<std::size_t> found;
      bool ambiguous = false;
      for (const std::size_t r : managed) {
        if (taken[r] || !same(desired[d], remote[r])) continue;
        if (found) ambiguous = true;
        else found = r;
      }
      if (found && !ambiguous) {
        match[d] = found;
        taken[*found] = true;
      }
    }
  };
  // An exact name wins even when Omni holds the name twice: the first one is the group, the other is left alone.
  for (std::size_t d = 0; d < desired.size(); ++d)
    for (const std::size_t r : managed)
      if (!taken[r] && remote[r].display_name == desired[d].name) {
        match[d] = r;
        taken[r] = true;
        break;
      }
  pass([&](const DesiredGroup& want, const model::RemoteGroup& have) {
    const auto rename = policy.renames.find(have.display_name.substr(policy.prefix.size()));
    return rename != policy.renames.end() && policy.prefix + rename->second == want.name;
  });
  pass([](const DesiredGroup& want, const model::RemoteGroup& have) { return folded(want.name) == folded(have.display_name); });
  return match;
}

std::optional<UpdateGroup> changes_between(const DesiredGroup& want, const model::RemoteGroup& have,
                                           const UserFacts& facts) {
  UpdateGroup update{have.id, have.display_name, std::nullopt, {}, {}};
  if (want.name != have.display_name) update.rename = want.name;
  const std::unordered_set<std::string> present(have.member_ids.begin(), have.member_ids.end());
  std::unordered_set<std::string> wanted_ids;
  for (const MemberRef& member : want.members) {
    if (!member.id.empty()) wanted_ids.insert(member.id);
    if (member.id.empty() || !present.contains(member.id)) update.add.push_back(member);
  }
  std::vector<std::pair<std::string, MemberRef>> removals;   // normalised userName, member
  for (const std::string& id : have.member_ids) {
    if (wanted_ids.contains(id) || facts.deleted_ids.contains(id) || facts.kept_ids.contains(id)) continue;
    const auto name = facts.name_by_id.find(id);
    if (name == facts.name_by_id.end()) continue;   // not a user we listed: not ours to judge
    removals.push_back({normalise_user_name(name->second), MemberRef{name->second, id}});
  }
  std::sort(removals.begin(), removals.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  removals.erase(std::unique(removals.begin(), removals.end(),
                             [](const auto& a, const auto& b) { return a.second.id == b.second.id; }),
                 removals.end());
  for (auto& [key, member] : removals) update.remove.push_back(std::move(member));
  if (!update.rename && update.add.empty() && update.remove.empty()) return std::nullopt;
  return update;
}

}  // namespace

bool is_managed_group(std::string_view omni_name, const GroupPolicy& policy) {
  if (!omni_name.starts_with(policy.prefix)) return false;
  return is_listed(omni_name.substr(policy.prefix.size()), policy);
}

GroupPlan plan_groups(const GroupPlanInput& input, const GroupPolicy& policy) {
  GroupPlan plan;
  const UserFacts facts = user_facts(input);
  const std::vector<DesiredGroup> desired = desired_groups(input, policy, facts, plan.unplaced);

  std::vector<std::size_t> managed;
  for (std::size_t r = 0; r < input.remote_groups.size(); ++r) {
    if (is_managed_group(input.remote_groups[r].display_name, policy)) managed.push_back(r);
    else ++plan.unmanaged;
  }
  const auto match = match_groups(desired, input.remote_groups, managed, policy);

  std::vector<CreateGroup> creates;
  std::vector<UpdateGroup> updates;
  std::vector<DeleteGroup> deletes;
  std::vector<bool> matched(input.remote_groups.size());
  for (std::size_t d = 0; d < desired.size(); ++d) {
    if (!match[d]) {
      creates.push_back({desired[d].name, desired[d].members});
      continue;
    }
    matched[*match[d]] = true;
    if (auto update = changes_between(desired[d], input.remote_groups[*match[d]], facts)) updates.push_back(std::move(*update));
    else ++plan.unchanged;
  }
  for (const std::size_t r : managed) {
    if (matched[r]) continue;
    const model::RemoteGroup& gone = input.remote_groups[r];
    // Several Omni groups with one exact desired name: only the first is the group, the others are not ours to delete.
    const bool duplicate_name = std::any_of(desired.begin(), desired.end(),
                                            [&](const DesiredGroup& want) { return want.name == gone.display_name; });
    if (policy.deprovision == GroupDeprovision::delete_group && !duplicate_name)
      deletes.push_back({gone.id, gone.display_name, gone.member_ids.size()});
    else
      ++plan.unchanged;
  }

  const auto by_name = [](const auto& a, const auto& b) { return a.display_name < b.display_name; };
  std::sort(creates.begin(), creates.end(), by_name);
  std::sort(updates.begin(), updates.end(), by_name);
  std::sort(deletes.begin(), deletes.end(), by_name);
  for (auto& op : creates) plan.operations.emplace_back(std::move(op));
  for (auto& op : updates) plan.operations.emplace_back(std::move(op));
  for (auto& op : deletes) plan.operations.emplace_back(std::move(op));
  return plan;
}

}  // namespace oss::plan
