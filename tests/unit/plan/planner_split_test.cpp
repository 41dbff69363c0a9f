// diff matches a big list of desired users in two halves on two threads: the plan must be exactly the one a
// single pass gives, repeated userNames (within a half and across the two), case variants, Omni duplicates,
// inactive people and every deprovision mode included.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "plan/planner.hpp"
#include "plan/render_text.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;

constexpr std::size_t kAlwaysSplit = 0;
constexpr std::size_t kNeverSplit = std::numeric_limits<std::size_t>::max();

bool same_plan(const Plan& a, const Plan& b) {
  return a.operations == b.operations && a.unchanged == b.unchanged && a.duplicate_remote == b.duplicate_remote;
}

TEST(PlannerSplit, HalvesGiveTheSinglePassPlan) {
  for (const Deprovision mode : {Deprovision::delete_user, Deprovision::deactivate, Deprovision::ignore}) {
    for (unsigned seed = 1; seed <= 30; ++seed) {
      // 400 people, some listed twice (in the same half of the source or in different ones) or twice at Omni.
      const auto [desired, remote] = random_lists(seed, 400, 40);
      const Policy policy{mode, 30, {"region"}};
      const Plan split = diff(desired, remote, policy, kAlwaysSplit);
      const Plan single = diff(desired, remote, policy, kNeverSplit);
      EXPECT_TRUE(same_plan(split, single)) << "seed " << seed << "\nsplit:\n"
                                            << render_text(split) << "\nsingle pass:\n" << render_text(single);
    }
  }
}

// A userName repeated across the halves: the first record (in the first half) wins, as in one pass.
TEST(PlannerSplit, ARepeatAcrossTheHalvesKeepsTheFirstRecord) {
  const std::vector<model::User> desired = {person("ada@x.co", "First"), person("bob@x.co", "Bob"),
                                            person("cy@x.co", "Cy"), person("ADA@x.co", "Second")};
  const std::vector<model::RemoteUser> remote = {at_omni("1", person("ada@x.co", "Old")),
                                                 at_omni("2", person("bob@x.co", "Bob")),
                                                 at_omni("3", person("cy@x.co", "Cy"))};
  const Plan plan = diff(desired, remote, Policy{Deprovision::delete_user, 30, {}}, kAlwaysSplit);
  ASSERT_EQ(plan.operations.size(), 1u);
  const auto* update = std::get_if<Update>(&plan.operations[0]);
  ASSERT_NE(update, nullptr);
  ASSERT_TRUE(update->display_name);
  EXPECT_EQ(update->display_name->second, "First");
  EXPECT_EQ(plan.unchanged, 2u);
}

}  // namespace
}  // namespace oss::plan
