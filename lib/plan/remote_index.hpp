#pragma once
// Omni's users indexed by normalised userName, for the planner's one pass over the desired users.
// An open-addressing table of 8-byte slots (a hash tag and an index): at a million users it costs 16 MB and
// no per-user allocation, where a std::unordered_map<std::string, ...> would cost several times that.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "model/user.hpp"
#include "plan/plan.hpp"

namespace oss::plan {

class RemoteIndex {
 public:
  explicit RemoteIndex(std::span<const model::RemoteUser> remote);

  // The position in `remote` of the (first) user with this normalised userName.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view user_name) const;

  // The fast path for a million lookups: the first user whose hash matches hash = user_name_hash(name), without
  // reading any name (each read is a cache miss). The caller must confirm the name with same_user_name and fall
  // back to find() when it differs (hash tags collide, very rarely). nullopt means certainly absent.
  [[nodiscard]] std::optional<std::size_t> candidate(std::uint64_t hash) const;

  // Asks the CPU to fetch the slot `candidate(hash)` will read first, so that lookups issued a few users ahead
  // overlap their memory latency instead of paying it one after another.
  // Always inlined: a call to a function that only prefetches may be deleted as side-effect free (see planner.cpp).
  [[gnu::always_inline]] void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

  // True for every user whose normalised userName is shared with another remote user.
  [[nodiscard]] bool is_duplicate(std::size_t position) const {
    return !duplicate_.empty() && duplicate_[position];
  }

  // One entry per shared userName, sorted by it.
  [[nodiscard]] std::vector<DuplicateRemoteUser> duplicates() const;

 private:
  struct Slot {
    std::uint32_t tag = 0;        // the hash's high half: most mismatches are rejected without reading the name
    std::uint32_t position = 0;   // position in remote_ + 1; 0 marks an empty slot
  };

  std::span<const model::RemoteUser> remote_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<bool> duplicate_;                                     // empty when there are none (the usual case)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> collisions_; // (first position, later position)
};

}  // namespace oss::plan
