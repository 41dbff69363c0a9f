#include "plan/planner.hpp"

#include <algorithm>
#include <cstdint>

#include "plan/remote_index.hpp"
#include "plan/user_changes.hpp"
#include "plan/user_name_key.hpp"

namespace oss::plan {

namespace {

// Sorts by normalised userName. Sorting (prefix, position) keys rather than the items themselves keeps the moves
// cheap and settles most comparisons on the 8-byte prefix: a first run against an empty Omni sorts a million creates.
template <typename Item, typename NameOf>
void sort_by_user_name(std::vector<Item>& items, NameOf name_of) {
  struct Key {
    std::uint64_t prefix;
    std::size_t position;
  };
  std::vector<Key> keys;
  keys.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) keys.push_back({user_name_prefix(name_of(items[i])), i});
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const std::string_view name_a = name_of(items[a.position]), name_b = name_of(items[b.position]);
    if (user_name_less(name_a, name_b)) return true;
    if (user_name_less(name_b, name_a)) return false;
    return a.position < b.position;  // equal names: keep input order, so the result is deterministic
  });
  std::vector<Item> sorted;
  sorted.reserve(items.size());
  for (const Key& key : keys) sorted.push_back(std::move(items[key.position]));
  items = std::move(sorted);
}

}  // namespace

Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy) {
  Plan plan;
  const RemoteIndex index(remote);
  std::vector<bool> matched(remote.size());
  std::vector<std::size_t> creates;   // positions in `desired`, turned into Create values once sorted
  std::vector<Update> updates;
  std::vector<Deactivate> deactivations;
  std::vector<Delete> deletes;

  for (std::size_t i = 0; i < desired.size(); ++i) {
    const model::User& want = desired[i];
    const auto position = index.find(want.user_name);
    if (!position) {
      if (want.active) creates.push_back(i);
      continue;
    }
    // Which of several same-named Omni users is this person? Guessing could update or keep the wrong one.
    if (index.is_duplicate(*position)) continue;
    if (matched[*position]) continue;  // a repeated desired userName: the first record wins
    matched[*position] = true;
    const model::RemoteUser& have = remote[*position];
    if (!want.active) {
      // A person the source marks inactive is only ever deactivated. Once inactive at Omni, their other fields are
      // left as they are: patching a deactivated account would churn for nobody's benefit.
      if (have.user.active) deactivations.push_back({have.id, have.user.user_name, /*from_source=*/true});
      else ++plan.unchanged;
      continue;
    }
    if (auto update = changes_between(want, have, policy)) updates.push_back(std::move(*update));
    else ++plan.unchanged;
  }

  for (std::size_t j = 0; j < remote.size(); ++j) {
    if (matched[j] || index.is_duplicate(j)) continue;
    const model::RemoteUser& gone = remote[j];
    switch (policy.deprovision) {
      case Deprovision::delete_user: deletes.push_back({gone.id, gone.user.user_name}); break;
      case Deprovision::deactivate:
        if (gone.user.active) deactivations.push_back({gone.id, gone.user.user_name, /*from_source=*/false});
        else ++plan.unchanged;
        break;
      case Deprovision::ignore: break;
    }
  }

  sort_by_user_name(creates, [&](std::size_t i) -> std::string_view { return desired[i].user_name; });
  // Repeated desired userNames would otherwise be created twice (the second POST answering 409).
  creates.erase(std::unique(creates.begin(), creates.end(),
                            [&](std::size_t a, std::size_t b) {
                              return same_user_name(desired[a].user_name, desired[b].user_name);
                            }),
                creates.end());
  const auto name_of = [](const auto& op) -> std::string_view { return op.user_name; };
  sort_by_user_name(updates, name_of);
  sort_by_user_name(deactivations, name_of);
  sort_by_user_name(deletes, name_of);

  plan.operations.reserve(creates.size() + updates.size() + deactivations.size() + deletes.size());
  for (std::size_t i : creates) plan.operations.emplace_back(Create{desired[i]});
  for (auto& update : updates) plan.operations.emplace_back(std::move(update));
  for (auto& deactivate : deactivations) plan.operations.emplace_back(std::move(deactivate));
  for (auto& remove : deletes) plan.operations.emplace_back(std::move(remove));
  plan.duplicate_remote = index.duplicates();
  return plan;
}

}  // namespace oss::plan
