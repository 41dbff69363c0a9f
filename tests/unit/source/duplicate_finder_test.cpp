#include "source/duplicate_finder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/user.hpp"

namespace oss::source {
namespace {

using Sets = std::vector<std::vector<std::size_t>>;

Sets duplicates_among(const std::vector<std::string>& keys, DuplicateFinder finder) {
  for (const auto& key : keys) finder.add(key);
  return finder.duplicates([&](std::size_t i) { return keys.at(i); });
}

TEST(DuplicateFinder, NoDuplicates) {
  EXPECT_TRUE(duplicates_among({"a@x.co", "b@x.co", "c@x.co"}, DuplicateFinder()).empty());
}

TEST(DuplicateFinder, SetsInUserOrderSortedByFirstMember) {
  const std::vector<std::string> keys = {"b", "a", "c", "a", "b", "d", "a"};
  EXPECT_EQ(duplicates_among(keys, DuplicateFinder()), (Sets{{0, 4}, {1, 3, 6}}));
}

TEST(DuplicateFinder, UserNamesThatNormaliseAlikeAreDuplicates) {
  const std::vector<std::string> names = {"Ada@x.co", "b@x.co", " ada@X.CO\t", "B@x.co ", "c@x.co"};
  DuplicateFinder finder;
  for (const auto& name : names) finder.add(name);
  EXPECT_EQ(finder.duplicates([&](std::size_t i) { return model::normalise_user_name(names.at(i)); }),
            (Sets{{0, 2}, {1, 3}}));
}

TEST(DuplicateFinder, CollidingTagsAreToldApartByTheKey) {
  // Every key gets the same tag: only the key comparison separates them.
  const DuplicateFinder::Hash same_tag = [](std::string_view) -> std::uint64_t { return 42ULL << 32; };
  const std::vector<std::string> keys = {"a", "b", "a", "c", "b", "e"};
  EXPECT_EQ(duplicates_among(keys, DuplicateFinder(same_tag)), (Sets{{0, 2}, {1, 4}}));
}

// Between the plain sort and the 16-bit radix sort (three 11-bit digits): tags forced to collide in groups must
// come out in user order, every set in increasing user numbers.
TEST(DuplicateFinder, MidSizedListWithCollidingTagsKeepsUserOrder) {
  const DuplicateFinder::Hash few_tags = [](std::string_view key) -> std::uint64_t {
    return (std::hash<std::string_view>{}(key) % 61) << 53 | (std::hash<std::string_view>{}(key) % 7) << 32;
  };
  std::vector<std::string> keys;
  for (int i = 0; i < 5'000; ++i) keys.push_back("user" + std::to_string(i % 4'990) + "@example.com");
  Sets expected;
  for (std::size_t i = 0; i < 10; ++i) expected.push_back({i, i + 4'990});
  EXPECT_EQ(duplicates_among(keys, DuplicateFinder(few_tags)), expected);
  EXPECT_EQ(duplicates_among(keys, DuplicateFinder()), expected);
}

TEST(DuplicateFinder, ManyUsersAcrossRadixBuckets) {
  std::vector<std::string> keys;
  for (int i = 0; i < 200'000; ++i) keys.push_back("user" + std::to_string(i) + "@example.com");
  keys.push_back("user123456@example.com");
  keys.push_back("user7@example.com");
  EXPECT_EQ(duplicates_among(keys, DuplicateFinder()), (Sets{{7, 200'001}, {123'456, 200'000}}));
}

}  // namespace
}  // namespace oss::source
