#include "source/duplicate_finder.hpp"

#include <algorithm>
#include <utility>

namespace oss::source {

namespace {

// Below this many users an ordinary sort of the whole entries, which orders equal tags by user number.
constexpr std::size_t kRadixSortFrom = 1 << 10;
// From this many users on, 16-bit digits (two passes); below, 11-bit ones (three passes), whose 2,048-bucket count
// table stays in the L1 cache where a 65,536-bucket one would cost more than the entries it sorts.
constexpr std::size_t kWideDigitsFrom = 1 << 16;

// One stable counting pass on the `bits`-bit digit at `shift`, from `entries` into `scratch`, then swapped.
void sort_by_digit(std::vector<std::uint64_t>& entries, std::vector<std::uint64_t>& scratch, int shift, int bits) {
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  std::vector<std::size_t> start(std::size_t{1} << bits, 0);
  for (const auto entry : entries) ++start[(entry >> shift) & mask];
  std::size_t total = 0;
  for (auto& bucket : start) total += std::exchange(bucket, total);
  for (const auto entry : entries) scratch[start[(entry >> shift) & mask]++] = entry;
  entries.swap(scratch);
}

// By tag (the upper 32 bits), entries with equal tags in user order: a stable LSD radix sort on the tag's digits.
void sort_by_tag(std::vector<std::uint64_t>& entries) {
  if (entries.size() < kRadixSortFrom) {
    std::sort(entries.begin(), entries.end());
    return;
  }
  const int digit_bits = entries.size() < kWideDigitsFrom ? 11 : 16;
  std::vector<std::uint64_t> scratch(entries.size());
  for (int shift = 32; shift < 64; shift += digit_bits)
    sort_by_digit(entries, scratch, shift, std::min(digit_bits, 64 - shift));
}

std::uint32_t tag_of(std::uint64_t entry) { return static_cast<std::uint32_t>(entry >> 32); }
std::size_t user_of(std::uint64_t entry) { return static_cast<std::uint32_t>(entry); }

}  // namespace

void DuplicateFinder::add(std::string_view user_name) {
  const auto tag = static_cast<std::uint32_t>(hash_(user_name) >> 32);
  entries_.push_back((std::uint64_t{tag} << 32) | entries_.size());
}

std::vector<std::vector<std::size_t>> DuplicateFinder::duplicates(
    const std::function<std::string(std::size_t)>& key_of) {
  sort_by_tag(entries_);
  const std::vector<std::uint64_t>& sorted = entries_;
  std::vector<std::vector<std::size_t>> sets;
  for (std::size_t run = 0; run < sorted.size();) {
    std::size_t end = run + 1;
    while (end < sorted.size() && tag_of(sorted[end]) == tag_of(sorted[run])) ++end;
    if (end - run > 1) {
      // A handful of users at most: a hash collision, a real duplicate, or both.
      std::vector<std::pair<std::string, std::vector<std::size_t>>> by_key;
      for (std::size_t i = run; i < end; ++i) {
        std::string key = key_of(user_of(sorted[i]));
        const auto same = std::find_if(by_key.begin(), by_key.end(), [&](const auto& k) { return k.first == key; });
        if (same != by_key.end()) same->second.push_back(user_of(sorted[i]));
        else by_key.push_back({std::move(key), {user_of(sorted[i])}});
      }
      for (auto& [key, users] : by_key)
        if (users.size() > 1) sets.push_back(std::move(users));
    }
    run = end;
  }
  std::sort(sets.begin(), sets.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return sets;
}

}  // namespace oss::source
