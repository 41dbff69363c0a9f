#include "model/group_names.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/user.hpp"

namespace oss::model {
namespace {

using Names = std::vector<std::string>;

TEST(UserGroupNames, IsOnePointerWideSoAMillionUsersWithoutGroupsCostNothingMore) {
  static_assert(sizeof(GroupNames) == sizeof(void*));
  EXPECT_TRUE(GroupNames{}.empty());
  EXPECT_TRUE(GroupNames(Names{}).empty());
  EXPECT_EQ(GroupNames{}.size(), 0u);
  EXPECT_EQ(GroupNames{}.begin(), GroupNames{}.end());
}

TEST(UserGroupNames, KeepsTheSourcesNamesAndOrder) {
  const GroupNames from_list{"Eng", "Data", "Eng"};
  EXPECT_EQ(from_list.size(), 3u);
  EXPECT_EQ(from_list, (Names{"Eng", "Data", "Eng"}));
  Names seen;
  for (const std::string& name : from_list) seen.push_back(name);
  EXPECT_EQ(seen, (Names{"Eng", "Data", "Eng"}));
  EXPECT_EQ(GroupNames(Names{"Ops"}), (GroupNames{"Ops"}));
  EXPECT_NE(GroupNames(Names{"Ops"}), (GroupNames{"ops"}));
  EXPECT_NE(GroupNames{}, (GroupNames{"Ops"}));
}

TEST(UserGroupNames, CopiesAreIndependentAndMovesLeaveTheSourceEmpty) {
  GroupNames original{"Eng"};
  GroupNames copy = original;
  EXPECT_EQ(copy, original);
  original = GroupNames{"Data"};
  EXPECT_EQ(copy, (Names{"Eng"}));
  copy = GroupNames{};
  EXPECT_TRUE(copy.empty());
  GroupNames moved = std::move(original);
  EXPECT_EQ(moved, (Names{"Data"}));
  GroupNames& self = moved;
  moved = self;  // self-assignment keeps the names
  EXPECT_EQ(moved, (Names{"Data"}));
}

TEST(UserGroupNames, TakePartInUserEquality) {
  User a{"ann@x.co", "Ann", true, {}, {"Eng"}};
  User b = a;
  EXPECT_EQ(a, b);
  b.groups = Names{"Data"};
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace oss::model
