// The group planner as a table: source groups + Omni's users and groups + the user plan -> group operations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plan/group_planner.hpp"
#include "plan/group_render.hpp"
#include "plan/planner.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using testing::at_omni;
using testing::person;

model::User member_of(std::string user_name, std::vector<std::string> groups, bool active = true) {
  model::User user = person(std::move(user_name), "Someone", active);
  user.groups = std::move(groups);
  return user;
}

struct GroupCase {
  std::string name;
  std::vector<model::User> desired;
  std::vector<model::RemoteUser> remote_users;
  std::vector<model::RemoteGroup> remote_groups;
  GroupPolicy policy;
  std::vector<GroupOperation> expected;
  std::size_t unchanged = 0;
  std::size_t unmanaged = 0;
  std::vector<std::string> unplaced = {};
  Deprovision user_deprovision = Deprovision::delete_user;
};

void PrintTo(const GroupCase& c, std::ostream* os) { *os << c.name; }

GroupPolicy policy_with(GroupManage manage = GroupManage::all, std::vector<std::string> names = {},
                        std::string prefix = {}, GroupDeprovision deprovision = GroupDeprovision::keep) {
  return GroupPolicy{true, manage, std::move(names), std::move(prefix), deprovision, {}};
}

GroupPolicy renaming(GroupPolicy policy, std::map<std::string, std::string> renames) {
  policy.renames = std::move(renames);
  return policy;
}

const std::vector<model::RemoteUser> kOmniUsers = {
    at_omni("id-ada", person("ada@x.co", "Someone")),
    at_omni("id-bob", person("Bob@x.co", "Someone")),
    at_omni("id-eve", person("eve@x.co", "Someone")),
};

std::vector<GroupCase> cases() {
  return {
      {"NewGroupGetsExistingAndNewMembers",
       {member_of("ada@x.co", {"Eng"}), member_of("new@x.co", {"Eng"})}, kOmniUsers, {}, policy_with(),
       {CreateGroup{"Eng", {{"ada@x.co", "id-ada"}, {"new@x.co", ""}}}}},
      {"InStepGroupIsUnchanged",
       {member_of("ada@x.co", {"Eng"}), member_of("bob@x.co", {"Eng"})}, kOmniUsers,
       {{"g1", "Eng", {"id-bob", "id-ada"}}}, policy_with(), {}, 1},
      {"AddsAndRemovesInOneUpdate",
       {member_of("ada@x.co", {"Eng"}), member_of("bob@x.co", {"Eng"}), member_of("eve@x.co", {})}, kOmniUsers,
       {{"g1", "Eng", {"id-ada", "id-eve"}}}, policy_with(),
       {UpdateGroup{"g1", "Eng", std::nullopt, {{"bob@x.co", "id-bob"}}, {{"eve@x.co", "id-eve"}}}}},
      {"GroupNamesAreTrimmedAndRepeatsIgnored",
       {member_of("ada@x.co", {" Eng ", "Eng", ""})}, kOmniUsers, {{"g1", "Eng", {"id-ada"}}}, policy_with(), {}, 1},
      {"AnInactiveSourceUserIsRemoved",
       {member_of("ada@x.co", {"Eng"}), member_of("bob@x.co", {"Eng"}, false)}, kOmniUsers,
       {{"g1", "Eng", {"id-ada", "id-bob"}}}, policy_with(),
       {UpdateGroup{"g1", "Eng", std::nullopt, {}, {{"Bob@x.co", "id-bob"}}}}},
      {"AUserDeletedInThisRunIsNotRemovedSeparately",
       {member_of("ada@x.co", {"Eng"}), member_of("bob@x.co", {})}, kOmniUsers,
       {{"g1", "Eng", {"id-ada", "id-eve"}}}, policy_with(), {}, 1},
      {"AUserKeptAtOmniButAbsentFromTheSourceIsRemoved",
       {member_of("ada@x.co", {"Eng"}), member_of("bob@x.co", {})}, kOmniUsers,
       {{"g1", "Eng", {"id-ada", "id-eve"}}}, policy_with(),
       {UpdateGroup{"g1", "Eng", std::nullopt, {}, {{"eve@x.co", "id-eve"}}}}, 0, 0, {}, Deprovision::ignore},
      {"AMemberIdThatIsNoListedUserIsLeftAlone",
       {member_of("ada@x.co", {"Eng"})}, kOmniUsers, {{"g1", "Eng", {"id-ada", "embed-1"}}}, policy_with(), {}, 1},
      {"UnmanagedGroupsAreNeverTouched",
       {member_of("ada@x.co", {"Eng"})}, kOmniUsers,
       {{"g1", "scim-Eng", {}}, {"g2", "All Users", {"id-ada", "id-bob"}}, {"g3", "Eng", {"id-bob"}}},
       policy_with(GroupManage::all, {}, "scim-", GroupDeprovision::delete_group),
       {UpdateGroup{"g1", "scim-Eng", std::nullopt, {{"ada@x.co", "id-ada"}}, {}}}, 0, 2},
      {"ListedManagesOnlyTheNamedGroups",
       {member_of("ada@x.co", {"Eng", "Sales"})}, kOmniUsers, {{"g1", "Ops", {"id-bob"}}},
       policy_with(GroupManage::listed, {"Eng"}, "", GroupDeprovision::delete_group),
       {CreateGroup{"Eng", {{"ada@x.co", "id-ada"}}}}, 0, 1},
      {"AbsentManagedGroupIsKeptByDefault",
       {member_of("ada@x.co", {})}, kOmniUsers, {{"g1", "Old", {"id-ada"}}}, policy_with(), {}, 1},
      {"AbsentManagedGroupIsDeletedWhenAsked",
       {member_of("ada@x.co", {})}, kOmniUsers, {{"g1", "Old", {"id-ada"}}},
       policy_with(GroupManage::all, {}, "", GroupDeprovision::delete_group), {DeleteGroup{"g1", "Old", 1}}},
      {"ACaseChangeIsARename",
       {member_of("ada@x.co", {"Engineering"})}, kOmniUsers, {{"g1", "engineering", {"id-ada"}}}, policy_with(),
       {UpdateGroup{"g1", "engineering", "Engineering", {}, {}}}},
      {"ARenameTheConfigurationNamesKeepsTheGroup",
       {member_of("ada@x.co", {"Engineering"}), member_of("bob@x.co", {"Engineering"})}, kOmniUsers,
       {{"g1", "p-Eng", {"id-ada"}}, {"g2", "p-Other", {"id-eve"}}},
       renaming(policy_with(GroupManage::listed, {"Engineering"}, "p-", GroupDeprovision::delete_group),
                {{"Eng", "Engineering"}}),
       {UpdateGroup{"g1", "p-Eng", "p-Engineering", {{"bob@x.co", "id-bob"}}, {}}}, 0, 1},
      {"ANewNameWithTheSameMembersIsANewGroup",
       {member_of("ada@x.co", {"Interns"})}, kOmniUsers, {{"g1", "Finance", {"id-ada"}}},
       policy_with(GroupManage::all, {}, "", GroupDeprovision::delete_group),
       {CreateGroup{"Interns", {{"ada@x.co", "id-ada"}}}, DeleteGroup{"g1", "Finance", 1}}},
      {"APrefixIsAddedToSourceNames",
       {member_of("ada@x.co", {"Eng"})}, kOmniUsers, {}, policy_with(GroupManage::all, {}, "scim-"),
       {CreateGroup{"scim-Eng", {{"ada@x.co", "id-ada"}}}}},
      {"AnInactiveUnknownPersonIsNotPlaced",
       {member_of("ada@x.co", {"Eng"}), member_of("gone@x.co", {"Eng"}, false)}, kOmniUsers,
       {{"g1", "Eng", {"id-ada"}}}, policy_with(), {}, 1},
      {"SameNamedOmniUsersAreNotPlaced",
       {member_of("dup@x.co", {"Eng"})},
       {at_omni("d1", person("dup@x.co", "A")), at_omni("d2", person("DUP@x.co", "B"))}, {}, policy_with(),
       {CreateGroup{"Eng", {}}}, 0, 0, {"Eng: dup@x.co"}},
      {"ExactDuplicateGroupNamesLeaveTheSecondAlone",
       {member_of("ada@x.co", {"Eng"})}, kOmniUsers, {{"g1", "Eng", {"id-ada"}}, {"g2", "Eng", {}}},
       policy_with(GroupManage::all, {}, "", GroupDeprovision::delete_group), {}, 2},
  };
}

class GroupPlannerTable : public ::testing::TestWithParam<GroupCase> {};

TEST_P(GroupPlannerTable, Plans) {
  const GroupCase& c = GetParam();
  Policy user_policy;
  user_policy.deprovision = c.user_deprovision;
  const Plan users = diff(c.desired, c.remote_users, user_policy);
  const GroupPlan plan = plan_groups({c.desired, c.remote_users, c.remote_groups, users}, c.policy);
  EXPECT_EQ(plan.operations, c.expected) << render_group_text(plan);
  EXPECT_EQ(plan.unchanged, c.unchanged);
  EXPECT_EQ(plan.unmanaged, c.unmanaged);
  EXPECT_EQ(plan.unplaced, c.unplaced);
}

INSTANTIATE_TEST_SUITE_P(Rules, GroupPlannerTable, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

TEST(GroupPlanner, AWithheldUserRemovalKeepsTheMembership) {
  const std::vector<model::User> desired = {member_of("ada@x.co", {"Eng"})};
  const std::vector<model::RemoteGroup> groups = {{"g1", "Eng", {"id-ada", "id-eve"}}};
  Plan users = diff(desired, kOmniUsers, {});
  // The guards withheld every delete (here: by hand).
  for (auto& operation : users.operations) users.withheld.push_back({operation, WithheldKind::delete_threshold, "too many"});
  users.operations.clear();
  const GroupPlan plan = plan_groups({desired, kOmniUsers, groups, users}, policy_with());
  EXPECT_TRUE(plan.operations.empty()) << render_group_text(plan);
}

TEST(GroupPlanner, ManagedRule) {
  EXPECT_TRUE(is_managed_group("scim-Eng", policy_with(GroupManage::all, {}, "scim-")));
  EXPECT_FALSE(is_managed_group("Eng", policy_with(GroupManage::all, {}, "scim-")));
  EXPECT_TRUE(is_managed_group("anything", policy_with()));
  EXPECT_TRUE(is_managed_group("p-Eng", policy_with(GroupManage::listed, {"Eng"}, "p-")));
  EXPECT_FALSE(is_managed_group("p-Ops", policy_with(GroupManage::listed, {"Eng"}, "p-")));
}

TEST(GroupRender, TextAndJson) {
  GroupPlan plan;
  plan.operations = {CreateGroup{"Eng", {{"ada@x.co", "id-ada"}, {"new@x.co", ""}}},
                     UpdateGroup{"g1", "Ops", "Operations", {{"bob@x.co", "id-bob"}}, {{"eve@x.co", "id-eve"}}},
                     DeleteGroup{"g2", "Old", 4}};
  plan.unchanged = 3;
  plan.unmanaged = 2;
  EXPECT_EQ(render_group_text(plan),
            "+ create group \"Eng\" (2 members: ada@x.co, new@x.co)\n"
            "~ update group \"Ops\": rename -> \"Operations\"; add 1 (bob@x.co); remove 1 (eve@x.co)\n"
            "- delete group \"Old\" (id g2, 4 members)\n"
            "Groups: 1 to create, 1 to update, 1 to delete, 3 unchanged, 2 unmanaged, 0 withheld.\n");
  const auto json = group_plan_to_json(plan).as_object();
  EXPECT_EQ(json.at("summary").as_object().at("update").as_uint64(), 1u);
  EXPECT_EQ(json.at("operations").as_array().at(1).as_object().at("rename").as_object().at("to").as_string(),
            "Operations");
}

}  // namespace
}  // namespace oss::plan
