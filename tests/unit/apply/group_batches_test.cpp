// How a group's changes become calls: at most 100 member values each, the rename on the first.
#include <gtest/gtest.h>

#include "apply/group_batches.hpp"

namespace oss::apply {
namespace {

std::vector<std::string> ids(std::size_t count, const std::string& prefix = "u") {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < count; ++i) result.push_back(prefix + std::to_string(i));
  return result;
}

TEST(GroupBatches, NothingToChangeIsNoCall) { EXPECT_TRUE(group_patch_calls(std::nullopt, {}, {}).empty()); }

TEST(GroupBatches, ARenameAloneIsOneCall) {
  const auto calls = group_patch_calls(std::string("New"), {}, {});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].rename, "New");
}

TEST(GroupBatches, ARenameAdditionsAndRemovalsShareOneCallWhenTheyFit) {
  const auto calls = group_patch_calls(std::string("New"), ids(60), ids(40, "r"));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].add_ids.size(), 60u);
  EXPECT_EQ(calls[0].remove_ids.size(), 40u);
}

TEST(GroupBatches, MoreThan100MemberValuesAreSplit) {
  const auto calls = group_patch_calls(std::nullopt, ids(150), ids(101, "r"));
  ASSERT_EQ(calls.size(), 3u);   // 251 values: 100 + 100 + 51
  EXPECT_EQ(calls[0].add_ids.size(), 100u);
  EXPECT_EQ(calls[1].add_ids.size(), 50u);
  EXPECT_EQ(calls[1].remove_ids.size(), 50u);
  EXPECT_EQ(calls[2].remove_ids.size(), 51u);
  EXPECT_EQ(calls[2].remove_ids.back(), "r100");
}

TEST(GroupBatches, ACreateOf1000MembersIsOnePostAndNinePatches) {
  const auto calls = group_create_calls(ids(1000));
  EXPECT_EQ(calls.first_members.size(), 100u);
  ASSERT_EQ(calls.then.size(), 9u);
  for (const auto& call : calls.then) EXPECT_EQ(call.add_ids.size(), 100u);
  EXPECT_EQ(calls.then.back().add_ids.back(), "u999");
}

TEST(GroupBatches, ASmallCreateIsOnePost) {
  const auto calls = group_create_calls(ids(3));
  EXPECT_EQ(calls.first_members.size(), 3u);
  EXPECT_TRUE(calls.then.empty());
}

}  // namespace
}  // namespace oss::apply
