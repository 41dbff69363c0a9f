// The planner's fast lookup trusts a 32-bit hash tag and confirms the name afterwards. This test finds two names
// whose tags and home slots collide and checks that they are still treated as two people.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plan/planner.hpp"
#include "plan/remote_index.hpp"
#include "model/user_name_key.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;

std::string name_of(std::uint32_t n) { return "u" + std::to_string(n) + "@x.co"; }

// Two names with the same tag (the hash's high half) and the same home slot in the smallest table (16 slots).
// About 2^18 names give even odds of a pair (birthday bound on 36 bits); searching in blocks keeps it quick.
std::pair<std::string, std::string> colliding_names() {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
  for (std::uint32_t n = 0; n < (1u << 23); ++n) {
    const std::uint64_t hash = model::user_name_hash(name_of(n));
    keys.emplace_back(((hash >> 32) << 4) | (hash & 15), n);
    if (keys.size() % (1u << 19) != 0) continue;
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 1; i < keys.size(); ++i)
      if (keys[i].first == keys[i - 1].first) return {name_of(keys[i - 1].second), name_of(keys[i].second)};
  }
  return {};
}

TEST(PlannerHashCollision, CollidingNamesStayTwoPeople) {
  const auto [first, second] = colliding_names();
  ASSERT_FALSE(first.empty()) << "no colliding pair found";
  const std::vector<model::RemoteUser> remote = {at_omni("1", person(first, "First"))};

  // The fast path does point at the wrong user: the fallback is what keeps them apart.
  const RemoteIndex index(remote);
  ASSERT_EQ(index.candidate(model::user_name_hash(second)), std::optional<std::size_t>(0));
  EXPECT_EQ(index.find(second), std::nullopt);
  EXPECT_EQ(index.find(first), std::optional<std::size_t>(0));

  const std::vector<model::User> only_second = {person(second, "Second")};
  const Plan replaced = diff(only_second, remote, Policy{});
  EXPECT_EQ(replaced.operations,
            (std::vector<Operation>{Create{person(second, "Second")}, Delete{"1", first}}));

  const std::vector<model::User> both = {person(second, "Second"), person(first, "First")};
  const Plan added = diff(both, remote, Policy{});
  EXPECT_EQ(added.operations, (std::vector<Operation>{Create{person(second, "Second")}}));
  EXPECT_EQ(added.unchanged, 1u);
}

}  // namespace
}  // namespace oss::plan
