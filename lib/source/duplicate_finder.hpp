#pragma once
// Finds userNames given more than once among a million users at little cost. Each user leaves a 32-bit hash tag
// of its match key; at the end the tags are radix-sorted, and only users whose tags collide have their keys
// compared. Sequential passes over an 8-byte-per-user array beat a hash table here: a table lookup per row is a
// cache and TLB miss each, and a node-based map allocates per user and spends longer freeing than reading.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/user_name_key.hpp"

namespace oss::source {

class DuplicateFinder {
 public:
  using Hash = std::uint64_t (*)(std::string_view);

  // `hash` must give equal values for userNames that are the same person (model::user_name_hash does, without
  // allocating a normalised copy per row); it is replaceable so that tests can force tag collisions.
  explicit DuplicateFinder(Hash hash = &model::user_name_hash) : hash_(hash) {}

  void reserve(std::size_t count) { entries_.reserve(count); }

  // The userName of the next user, as the source gave it; users numbered from 0 in the order added.
  void add(std::string_view user_name);

  // Every set of users sharing a match key, as user numbers in increasing order; sets in order of their first
  // member. `key_of(i)` gives user i's match key (model::normalise_user_name of its userName); it is asked only
  // for users whose tags collide. Asked once, at the end:
  // it sorts the tags where they are (a copy would add 8 bytes per user to the read's peak memory).
  [[nodiscard]] std::vector<std::vector<std::size_t>> duplicates(const std::function<std::string(std::size_t)>& key_of);

 private:
  Hash hash_;
  std::vector<std::uint64_t> entries_;  // tag << 32 | user number
};

}  // namespace oss::source
