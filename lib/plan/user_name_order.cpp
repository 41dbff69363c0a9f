#include "plan/user_name_order.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "model/user.hpp"
#include "model/user_name_key.hpp"

namespace oss::plan {

namespace {

// A most-significant-digit radix sort with 8-byte digits: sort all names by their first 8 normalised bytes, then
// each run that ties by the next 8, and so on. Every comparison reads a small key held in the array instead of
// chasing two pointers into the heap, and names that differ early are settled after one round.
struct Key {
  std::uint64_t chunk;      // 8 normalised bytes from `depth`, big-endian, zero-padded
  std::uint32_t remaining;  // bytes left from `depth`, capped at 9: shorter names sort first on equal chunks
  std::uint32_t position;
};

bool key_less(const Key& a, const Key& b) {
  if (a.chunk != b.chunk) return a.chunk < b.chunk;
  if (a.remaining != b.remaining) return a.remaining < b.remaining;
  return a.position < b.position;
}

void sort_run(std::span<const std::string_view> names, std::span<Key> keys, std::size_t depth) {
  constexpr std::size_t kLookahead = 16;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    // The loop reads the names in a random order: fetch them ahead of use.
    if (i + kLookahead < keys.size()) __builtin_prefetch(names[keys[i + kLookahead].position].data() + depth);
    const std::string_view name = names[keys[i].position];
    const std::string_view rest = depth < name.size() ? name.substr(depth) : std::string_view{};
    keys[i].chunk = model::folded_chunk(rest);
    keys[i].remaining = static_cast<std::uint32_t>(std::min<std::size_t>(rest.size(), 9));
  }
  std::sort(keys.begin(), keys.end(), key_less);
  // Runs still tied after this chunk, with more bytes to come, are settled by the next one.
  for (std::size_t begin = 0; begin < keys.size();) {
    std::size_t end = begin + 1;
    while (end < keys.size() && keys[end].chunk == keys[begin].chunk && keys[end].remaining == keys[begin].remaining)
      ++end;
    if (end - begin > 1 && keys[begin].remaining > 8) sort_run(names, keys.subspan(begin, end - begin), depth + 8);
    begin = end;
  }
}

}  // namespace

std::vector<std::size_t> user_name_order(std::span<const std::string_view> names) {
  if (names.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("too many userNames to sort: " + std::to_string(names.size()));
  std::vector<std::string_view> trimmed;
  trimmed.reserve(names.size());
  for (const std::string_view name : names) trimmed.push_back(model::trim(name));
  std::vector<Key> keys(names.size());
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i].position = static_cast<std::uint32_t>(i);
  sort_run(trimmed, keys, 0);
  std::vector<std::size_t> order;
  order.reserve(keys.size());
  for (const Key& key : keys) order.push_back(key.position);
  return order;
}

}  // namespace oss::plan
