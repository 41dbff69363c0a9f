// diff matches a big list of desired users in two halves on two threads: the plan must be exactly the one a
// single pass gives, repeated userNames (within a half and across the two), case variants, Omni duplicates,
// inactive people and every deprovision mode included.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
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

model::User someone(int n, std::mt19937& rng) {
  std::string name = "user" + std::to_string(n) + "@x.co";
  if (rng() % 4 == 0) name[0] = 'U';  // a case variant: the same person
  model::User user = person(name, "User " + std::to_string(rng() % 3), rng() % 6 != 0);
  if (rng() % 2) user.attributes.set("region", text(rng() % 2 ? "eu" : "us"));
  return user;
}

bool same_plan(const Plan& a, const Plan& b) {
  return a.operations == b.operations && a.unchanged == b.unchanged && a.duplicate_remote == b.duplicate_remote;
}

TEST(PlannerSplit, HalvesGiveTheSinglePassPlan) {
  for (const Deprovision mode : {Deprovision::delete_user, Deprovision::deactivate, Deprovision::ignore}) {
    for (unsigned seed = 1; seed <= 30; ++seed) {
      std::mt19937 rng(seed);
      std::vector<model::User> desired;
      std::vector<model::RemoteUser> remote;
      for (int n = 0; n < 400; ++n) {
        const unsigned where = rng() % 3;  // only in the source, only at Omni, or both
        if (where != 1) desired.push_back(someone(n, rng));
        if (where != 0) remote.push_back({"id" + std::to_string(n), someone(n, rng)});
        if (rng() % 40 == 0) desired.push_back(someone(n, rng));                             // a repeated userName
        if (rng() % 60 == 0) remote.push_back({"dup" + std::to_string(n), someone(n, rng)});  // an Omni duplicate
      }
      std::shuffle(desired.begin(), desired.end(), rng);  // repeats land in the same half or in different ones
      const Policy policy{mode, {"region"}};
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
  const Plan plan = diff(desired, remote, Policy{Deprovision::delete_user, {}}, kAlwaysSplit);
  ASSERT_EQ(plan.operations.size(), 1u);
  const auto* update = std::get_if<Update>(&plan.operations[0]);
  ASSERT_NE(update, nullptr);
  ASSERT_TRUE(update->display_name);
  EXPECT_EQ(update->display_name->second, "First");
  EXPECT_EQ(plan.unchanged, 2u);
}

}  // namespace
}  // namespace oss::plan
