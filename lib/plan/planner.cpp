#include "plan/planner.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>

#include "plan/remote_index.hpp"
#include "plan/user_changes.hpp"
#include "model/user_name_key.hpp"
#include "plan/user_name_order.hpp"

namespace oss::plan {

namespace {

// Sorts by normalised userName (see user_name_order); equal names keep their order.
template <typename Item, typename NameOf>
void sort_by_user_name(std::vector<Item>& items, NameOf name_of) {
  std::vector<std::string_view> names;
  names.reserve(items.size());
  for (const Item& item : items) names.push_back(name_of(item));
  const std::vector<std::size_t> order = user_name_order(names);
  std::vector<Item> sorted;
  sorted.reserve(items.size());
  for (const std::size_t position : order) sorted.push_back(std::move(items[position]));
  items = std::move(sorted);
}

constexpr std::uint32_t kNoCandidate = std::numeric_limits<std::uint32_t>::max();

// How far ahead the loops below prefetch: far enough to cover a memory access (~100 ns), near enough that the
// fetched lines are still in cache when used.
constexpr std::size_t kLookahead = 16;

// For each desired user, the remote position whose hash matches (kNoCandidate: certainly absent). Reads no remote
// name, and hashes kLookahead users ahead so that the table reads overlap instead of queueing one by one.
std::vector<std::uint32_t> candidate_matches(std::span<const model::User> desired, const RemoteIndex& index) {
  std::vector<std::uint32_t> candidates(desired.size(), kNoCandidate);
  std::uint64_t upcoming[kLookahead];
  for (std::size_t i = 0; i < kLookahead && i < desired.size(); ++i) {
    upcoming[i] = model::user_name_hash(desired[i].user_name);
    index.prefetch(upcoming[i]);
  }
  for (std::size_t i = 0; i < desired.size(); ++i) {
    const std::uint64_t hash = upcoming[i % kLookahead];
    if (i + 2 * kLookahead < desired.size()) __builtin_prefetch(desired[i + 2 * kLookahead].user_name.data());
    if (i + kLookahead < desired.size()) {
      upcoming[i % kLookahead] = model::user_name_hash(desired[i + kLookahead].user_name);
      index.prefetch(upcoming[i % kLookahead]);
    }
    if (const auto position = index.candidate(hash)) candidates[i] = static_cast<std::uint32_t>(*position);
  }
  return candidates;
}

// The remote users are visited in the source's order, i.e. at random: fetch each one's record kLookahead users
// ahead and, once that has arrived, the strings and attributes it points to, which the comparison reads.
void prefetch_ahead(std::span<const model::RemoteUser> remote, const std::vector<std::uint32_t>& candidates,
                    std::size_t i) {
  if (i + kLookahead < candidates.size() && candidates[i + kLookahead] != kNoCandidate) {
    const auto* record = reinterpret_cast<const char*>(&remote[candidates[i + kLookahead]]);
    for (std::size_t offset = 0; offset < sizeof(model::RemoteUser); offset += 64) __builtin_prefetch(record + offset);
  }
  if (i + kLookahead / 2 < candidates.size() && candidates[i + kLookahead / 2] != kNoCandidate) {
    const model::User& user = remote[candidates[i + kLookahead / 2]].user;
    __builtin_prefetch(user.user_name.data());
    __builtin_prefetch(user.display_name.data());
    if (!user.attributes.empty()) __builtin_prefetch(user.attributes.storage());
  }
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

  const std::vector<std::uint32_t> candidates = candidate_matches(desired, index);
  for (std::size_t i = 0; i < desired.size(); ++i) {
    prefetch_ahead(remote, candidates, i);
    const model::User& want = desired[i];
    std::optional<std::size_t> position;
    if (candidates[i] != kNoCandidate) {
      position = candidates[i];
      // A hash tag can collide: confirm the name, and look it up properly in the rare case it differs.
      if (!model::same_user_name(remote[*position].user.user_name, want.user_name)) position = index.find(want.user_name);
    }
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
    // Omni's userNames are emails; one that is not was made some other way and matches no person we could
    // describe, so "absent from the source" says nothing about it: leave it alone.
    if (!model::looks_like_email(gone.user.user_name)) {
      ++plan.unchanged;
      continue;
    }
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
                              return model::same_user_name(desired[a].user_name, desired[b].user_name);
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
