// The group guards: a broken source or too many group deletes withhold group removals, never additions.
#include <gtest/gtest.h>

#include "guard/group_guards.hpp"

namespace oss::guard {
namespace {

using plan::CreateGroup;
using plan::DeleteGroup;
using plan::GroupPlan;
using plan::UpdateGroup;

GroupPlan sample() {
  GroupPlan plan;
  plan.operations = {CreateGroup{"New", {{"a@x.co", "1"}}},
                     UpdateGroup{"g1", "Eng", "Engineering", {{"b@x.co", "2"}}, {{"c@x.co", "3"}}},
                     UpdateGroup{"g2", "Ops", std::nullopt, {}, {{"d@x.co", "4"}}}, DeleteGroup{"g3", "Old", 2}};
  return plan;
}

GuardContext healthy() {
  GuardContext context;
  context.source_records = 10;
  context.remote_users = 10;
  return context;
}

TEST(GroupGuards, AHealthySourceWithinLimitsPassesEverything) {
  const GroupPlan plan = apply_group_guards(sample(), GuardPolicy{}, healthy(), 20);
  EXPECT_EQ(plan.operations, sample().operations);
  EXPECT_FALSE(trips_group_guard(plan));
}

TEST(GroupGuards, AnEmptySourceWithholdsMemberRemovalsAndDeletesButNotAdditions) {
  GuardContext context = healthy();
  context.source_records = 0;
  const GroupPlan plan = apply_group_guards(sample(), GuardPolicy{}, context, 20);
  const std::vector<plan::GroupOperation> expected = {
      CreateGroup{"New", {{"a@x.co", "1"}}}, UpdateGroup{"g1", "Eng", "Engineering", {{"b@x.co", "2"}}, {}}};
  EXPECT_EQ(plan.operations, expected);
  ASSERT_EQ(plan.withheld.size(), 3u);
  EXPECT_EQ(std::get<UpdateGroup>(plan.withheld[0].operation).remove.size(), 1u);
  EXPECT_EQ(plan.withheld[0].kind, plan::WithheldKind::source_health);
  EXPECT_TRUE(std::holds_alternative<DeleteGroup>(plan.withheld[2].operation));
  EXPECT_TRUE(trips_group_guard(plan));
}

TEST(GroupGuards, TooManyGroupDeletesAreAllWithheldAndAllowDeletesLetsThemGo) {
  GuardPolicy policy;
  policy.max_deletes = 0;
  GroupPlan plan = apply_group_guards(sample(), policy, healthy(), 20);
  ASSERT_EQ(plan.withheld.size(), 1u);
  EXPECT_EQ(plan.withheld[0].kind, plan::WithheldKind::delete_threshold);
  EXPECT_NE(plan.withheld[0].reason.find("managed groups"), std::string::npos) << plan.withheld[0].reason;
  EXPECT_EQ(plan.operations.size(), 3u);
  policy.allow_deletes = 1;
  plan = apply_group_guards(sample(), policy, healthy(), 20);
  EXPECT_TRUE(plan.withheld.empty());
}

}  // namespace
}  // namespace oss::guard
