#include <gtest/gtest.h>

#include "config/closest_key.hpp"

namespace oss::config {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("max_delets", "max_deletes"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("UserName", "username"), 0u);  // case does not count
}

TEST(ClosestKey, SuggestsAPlausibleTypo) {
  const std::vector<std::string> known = {"max_deletes", "max_delete_percent", "protect"};
  EXPECT_EQ(closest_key("max_delets", known), "max_deletes");
  EXPECT_EQ(closest_key("max_delete_procent", known), "max_delete_percent");
  EXPECT_EQ(closest_key("protcet", known), "protect");
}

TEST(ClosestKey, StaysSilentWhenNothingIsClose) {
  const std::vector<std::string> known = {"listen", "level", "format"};
  EXPECT_EQ(closest_key("frobnicate", known), std::nullopt);
  EXPECT_EQ(closest_key("id", {"in"}), std::nullopt);  // one edit, but the word is too short to guess
  EXPECT_EQ(closest_key("x", {}), std::nullopt);
}

}  // namespace
}  // namespace oss::config
