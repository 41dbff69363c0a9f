#include "plan/planner.hpp"

#include <algorithm>
#include <cstdint>
#include <future>
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
void find_candidates(std::span<const model::User> desired, const RemoteIndex& index,
                     std::span<std::uint32_t> candidates) {
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
    const auto position = index.candidate(hash);
    candidates[i] = position ? static_cast<std::uint32_t>(*position) : kNoCandidate;
  }
}

// The remote users are visited in the source's order, i.e. at random: fetch each one's record kLookahead users
// ahead and, once that has arrived, the strings and attributes it points to, which the comparison reads.
// Always inlined: GCC 12's side-effect analysis (ipa-modref) counts a prefetch as none, so it deleted every call to
// this function while it was a separate one (until 2026-12-02 none of these prefetches was in the binary).
[[gnu::always_inline]] inline void prefetch_ahead(std::span<const model::RemoteUser> remote,
                                                  std::span<const std::uint32_t> candidates, std::size_t i) {
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

// One bit per remote user: 1M users take 125 KB, where a byte each would take 1 MB per stretch matched.
class RemoteBits {
 public:
  explicit RemoteBits(std::size_t size) : words_((size + 63) / 64) {}
  [[nodiscard]] bool test(std::size_t j) const { return (words_[j / 64] >> (j % 64)) & 1; }
  void set(std::size_t j) { words_[j / 64] |= std::uint64_t{1} << (j % 64); }
  [[nodiscard]] bool overlaps(const RemoteBits& other) const {
    for (std::size_t w = 0; w < words_.size(); ++w)
      if (words_[w] & other.words_[w]) return true;
    return false;
  }
  void add(const RemoteBits& other) {
    for (std::size_t w = 0; w < words_.size(); ++w) words_[w] |= other.words_[w];
  }

 private:
  std::vector<std::uint64_t> words_;
};

// What matching one stretch of the desired users against Omni's found. The caller constructs it, so that
// `candidates`, the large part, comes from its heap: a second thread's allocations would open a
// malloc arena of their own, and at a million users the peak memory has no megabytes to spare.
struct Matches {
  Matches(std::size_t desired, std::size_t remote) : claimed(remote), candidates(desired) {}

  RemoteBits claimed;                     // the remote users matched by a user of this stretch
  std::vector<std::uint32_t> candidates;  // per desired user of the stretch (see find_candidates)
  // Positions in the whole desired list (i) and in remote (j). Updates and deactivations are built from them
  // afterwards, on the calling thread, for the same reason as above: they hold strings.
  std::vector<std::size_t> creates;                               // i, turned into Create values once sorted
  std::vector<std::pair<std::size_t, std::size_t>> to_compare;    // (i, j) that a glance could not settle
  std::vector<std::size_t> to_deactivate;                         // j: inactive in the source, active at Omni
  std::size_t unchanged = 0;
  std::size_t inactive_absent = 0;   // inactive in the source and not at Omni: nothing to create
};

// Matches desired[begin, end) against Omni's users. Reads only shared, unchanging data, so two stretches can be
// matched at once; each finds repeated desired userNames (the first record wins) only within itself.
void match_stretch(std::span<const model::User> desired, std::size_t begin, std::size_t end,
                   std::span<const model::RemoteUser> remote, const RemoteIndex& index, Matches& found) {
  const std::span<const model::User> stretch = desired.subspan(begin, end - begin);
  const std::span<const std::uint32_t> candidates = found.candidates;
  find_candidates(stretch, index, found.candidates);
  for (std::size_t k = 0; k < stretch.size(); ++k) {
    prefetch_ahead(remote, candidates, k);
    const model::User& want = stretch[k];
    std::optional<std::size_t> position;
    if (candidates[k] != kNoCandidate) {
      position = candidates[k];
      // A hash tag can collide: confirm the name, and look it up properly in the rare case it differs.
      if (!model::same_user_name(remote[*position].user.user_name, want.user_name)) position = index.find(want.user_name);
    }
    if (!position) {
      if (want.active) found.creates.push_back(begin + k);
      else ++found.inactive_absent;
      continue;
    }
    // Which of several same-named Omni users is this person? Guessing could update or keep the wrong one.
    if (index.is_duplicate(*position)) continue;
    if (found.claimed.test(*position)) continue;  // a repeated desired userName: the first record wins
    found.claimed.set(*position);
    const model::RemoteUser& have = remote[*position];
    if (!want.active) {
      // A person the source marks inactive is only ever deactivated. Once inactive at Omni, their other fields are
      // left as they are: patching a deactivated account would churn for nobody's benefit.
      if (have.user.active) found.to_deactivate.push_back(*position);
      else ++found.unchanged;
      continue;
    }
    if (unchanged_at_a_glance(want, have.user)) ++found.unchanged;
    else found.to_compare.emplace_back(begin + k, *position);
  }
}

// Adds `later`'s findings after `first`'s, as one pass in desired order would have listed them. False, changing
// nothing, when both matched the same Omni user: a userName repeated across the two stretches, which only a pass
// in order can settle the usual way (the first record wins).
bool append(Matches& first, const Matches& later) {
  if (first.claimed.overlaps(later.claimed)) return false;
  first.claimed.add(later.claimed);
  first.creates.insert(first.creates.end(), later.creates.begin(), later.creates.end());
  first.to_compare.insert(first.to_compare.end(), later.to_compare.begin(), later.to_compare.end());
  first.to_deactivate.insert(first.to_deactivate.end(), later.to_deactivate.begin(), later.to_deactivate.end());
  first.unchanged += later.unchanged;
  first.inactive_absent += later.inactive_absent;
  return true;
}

// Both halves of the desired users at once (a second thread), or one pass below `parallel_from` users, where
// starting a thread costs more than it saves.
Matches match_all(std::span<const model::User> desired, std::span<const model::RemoteUser> remote,
                  const RemoteIndex& index, std::size_t parallel_from) {
  const auto one_pass = [&] {
    Matches all(desired.size(), remote.size());
    match_stretch(desired, 0, desired.size(), remote, index, all);
    return all;
  };
  if (desired.size() < std::max<std::size_t>(parallel_from, 2)) return one_pass();
  const std::size_t half = desired.size() / 2;
  Matches first(half, remote.size());
  Matches later(desired.size() - half, remote.size());
  auto second = std::async(std::launch::async,
                           [&] { match_stretch(desired, half, desired.size(), remote, index, later); });
  match_stretch(desired, 0, half, remote, index, first);
  second.get();
  if (append(first, later)) return first;
  return one_pass();
}

// deactivate_then_delete, for one person gone from the source: deactivated while active at Omni, deleted once the
// grace period has passed, else left as they are. Without a clock nobody is deleted: only deactivated.
void plan_gone_in_grace(const model::RemoteUser& gone, const Policy& policy, const GraceClock* clock, Plan& plan,
                        std::vector<Deactivate>& deactivations, std::vector<Delete>& deletes) {
  if (!clock) {
    if (gone.user.active) deactivations.push_back({gone.id, gone.user.user_name, /*from_source=*/false, {}});
    else ++plan.unchanged;
    return;
  }
  const auto known = clock->first_missed.find(gone.id);
  const std::chrono::sys_days first_missed = known != clock->first_missed.end() ? known->second : clock->today;
  const std::chrono::sys_days due = deletion_day(first_missed, policy);
  plan.gone.push_back({gone.id, gone.user.user_name, first_missed, due});
  if (gone.user.active) {
    deactivations.push_back({gone.id, gone.user.user_name, /*from_source=*/false, due});
  } else if (due <= clock->today) {
    deletes.push_back({gone.id, gone.user.user_name, first_missed, policy.delete_after_days});
  } else {
    ++plan.unchanged;
    if (due <= clock->today + kUpcomingWindow) plan.upcoming_deletions.push_back(plan.gone.back());
  }
}

}  // namespace

Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy) {
  return diff(desired, remote, policy, nullptr, kParallelPlanFrom);
}

Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          const GraceClock& clock) {
  return diff(desired, remote, policy, &clock, kParallelPlanFrom);
}

Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          std::size_t parallel_from) {
  return diff(desired, remote, policy, nullptr, parallel_from);
}

namespace {

// The diff itself; `make_create(i)` turns desired[i] into its Create (a copy, or a move for diff_moving_creates).
template <typename MakeCreate>
Plan diff_with(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
               const GraceClock* clock, std::size_t parallel_from, MakeCreate make_create) {
  Plan plan;
  const RemoteIndex index(remote);
  Matches matches = match_all(desired, remote, index, parallel_from);
  const RemoteBits& matched = matches.claimed;
  std::vector<std::size_t>& creates = matches.creates;
  std::vector<Update> updates;
  std::vector<Deactivate> deactivations;
  std::vector<Delete> deletes;
  plan.unchanged = matches.unchanged;
  plan.inactive_absent = matches.inactive_absent;
  for (const auto& [i, j] : matches.to_compare) {
    if (auto update = changes_between(desired[i], remote[j], policy)) {
      update->back_in_source = update->active && clock && clock->first_missed.contains(remote[j].id);
      updates.push_back(std::move(*update));
    } else {
      ++plan.unchanged;
    }
  }
  for (const std::size_t j : matches.to_deactivate)
    deactivations.push_back({remote[j].id, remote[j].user.user_name, /*from_source=*/true});

  for (std::size_t j = 0; j < remote.size(); ++j) {
    if (matched.test(j) || index.is_duplicate(j)) continue;
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
        if (gone.user.active) deactivations.push_back({gone.id, gone.user.user_name, /*from_source=*/false, {}});
        else ++plan.unchanged;
        break;
      case Deprovision::deactivate_then_delete:
        plan_gone_in_grace(gone, policy, clock, plan, deactivations, deletes);
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

  // Laid out in apply_phase order (plan.hpp): revocations the source asks for, additions, then removals. Built in
  // place rather than sorted afterwards: a stable sort of a million creates would double the plan's memory.
  const auto inferred = std::stable_partition(deactivations.begin(), deactivations.end(),
                                              [](const Deactivate& deactivate) { return deactivate.from_source; });
  plan.operations.reserve(creates.size() + updates.size() + deactivations.size() + deletes.size());
  for (auto it = deactivations.begin(); it != inferred; ++it) plan.operations.emplace_back(std::move(*it));
  for (std::size_t i : creates) plan.operations.emplace_back(make_create(i));
  for (auto& update : updates) plan.operations.emplace_back(std::move(update));
  for (auto it = inferred; it != deactivations.end(); ++it) plan.operations.emplace_back(std::move(*it));
  for (auto& remove : deletes) plan.operations.emplace_back(std::move(remove));
  plan.duplicate_remote = index.duplicates();
  return plan;
}

}  // namespace

Plan diff(std::span<const model::User> desired, std::span<const model::RemoteUser> remote, const Policy& policy,
          const GraceClock* clock, std::size_t parallel_from) {
  return diff_with(desired, remote, policy, clock, parallel_from, [&](std::size_t i) { return Create{desired[i]}; });
}

Plan diff_moving_creates(std::span<model::User> desired, std::span<const model::RemoteUser> remote,
                         const Policy& policy, const GraceClock* clock, std::size_t parallel_from) {
  // Every comparison has been made by the time the Creates are built, so moving a record out cannot change the plan.
  return diff_with(desired, remote, policy, clock, parallel_from,
                   [&](std::size_t i) { return Create{std::move(desired[i])}; });
}

}  // namespace oss::plan
