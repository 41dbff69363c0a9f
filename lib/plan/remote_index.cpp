#include "plan/remote_index.hpp"

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>

#include "model/user_name_key.hpp"

namespace oss::plan {

RemoteIndex::RemoteIndex(std::span<const model::RemoteUser> remote) : remote_(remote) {
  if (remote.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("too many remote users to index: " + std::to_string(remote.size()));
  // At most half full, so that probe sequences stay short.
  slots_.resize(std::bit_ceil(std::max<std::size_t>(2 * remote.size(), 16)));
  mask_ = slots_.size() - 1;

  // Hashes run kLookahead users ahead of the insertions, so that each slot is prefetched before it is written.
  constexpr std::size_t kLookahead = 16;
  std::uint64_t upcoming[kLookahead];
  for (std::size_t i = 0; i < kLookahead && i < remote.size(); ++i) {
    upcoming[i] = model::user_name_hash(remote[i].user.user_name);
    prefetch(upcoming[i]);
  }
  for (std::uint32_t position = 0; position < remote.size(); ++position) {
    const std::string& name = remote[position].user.user_name;
    const std::uint64_t hash = upcoming[position % kLookahead];
    // The names live on the heap, out of the records' sequential order: fetch them before they are hashed.
    if (position + 2 * kLookahead < remote.size()) __builtin_prefetch(remote[position + 2 * kLookahead].user.user_name.data());
    if (position + kLookahead < remote.size()) {
      const std::uint64_t ahead = model::user_name_hash(remote[position + kLookahead].user.user_name);
      upcoming[position % kLookahead] = ahead;
      prefetch(ahead);
    }
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
      Slot& entry = slots_[slot];
      if (entry.position == 0) {
        entry = Slot{tag, position + 1};
        break;
      }
      if (entry.tag == tag && model::same_user_name(remote[entry.position - 1].user.user_name, name)) {
        if (duplicate_.empty()) duplicate_.resize(remote.size());
        duplicate_[entry.position - 1] = true;
        duplicate_[position] = true;
        collisions_.emplace_back(entry.position - 1, position);
        break;
      }
    }
  }
}

std::optional<std::size_t> RemoteIndex::find(std::string_view user_name) const {
  const std::uint64_t hash = model::user_name_hash(user_name);
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const Slot& entry = slots_[slot];
    if (entry.position == 0) return std::nullopt;
    if (entry.tag == tag && model::same_user_name(remote_[entry.position - 1].user.user_name, user_name))
      return entry.position - 1;
  }
}

std::optional<std::size_t> RemoteIndex::candidate(std::uint64_t hash) const {
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const Slot& entry = slots_[slot];
    if (entry.position == 0) return std::nullopt;
    if (entry.tag == tag) return entry.position - 1;
  }
}

std::vector<DuplicateRemoteUser> RemoteIndex::duplicates() const {
  auto collisions = collisions_;
  std::sort(collisions.begin(), collisions.end());
  std::vector<DuplicateRemoteUser> result;
  for (std::size_t i = 0; i < collisions.size(); ++i) {
    const auto [first, later] = collisions[i];
    if (i == 0 || collisions[i - 1].first != first)
      result.push_back({model::normalise_user_name(remote_[first].user.user_name), {remote_[first].id}});
    result.back().ids.push_back(remote_[later].id);
  }
  std::sort(result.begin(), result.end(),
            [](const DuplicateRemoteUser& a, const DuplicateRemoteUser& b) { return a.user_name < b.user_name; });
  return result;
}

}  // namespace oss::plan
