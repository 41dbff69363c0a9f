// plan::user_name_order must sort exactly as the normalised userNames compare.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "../model/user_name_corpus.hpp"
#include "model/user.hpp"
#include "plan/user_name_order.hpp"

namespace oss::plan {
namespace {

using oss::testing::user_name_corpus;

TEST(UserNameOrder, SortsLikeNormalisedStrings) {
  // The corpus twice over, plus names sharing long prefixes and ending at and around the 8-byte chunk borders.
  std::vector<std::string> names = user_name_corpus();
  names.insert(names.end(), user_name_corpus().begin(), user_name_corpus().end());
  for (int n = 0; n < 300; ++n) {
    names.push_back((n % 2 ? "FirstName.LastName" : "firstname.lastname") + std::to_string(n * 7919 % 1000) + "@x.co");
    names.push_back(std::string(static_cast<std::size_t>(n % 20), n % 3 ? 'a' : 'A'));
  }
  names.push_back("abcdefgh ijklmnop");   // white space inside a name is not trimmed at a chunk border
  names.push_back("abcdefghijklmnop");
  names.push_back("abcdefgh\tijklmnop");
  const std::vector<std::string_view> views(names.begin(), names.end());
  const std::vector<std::size_t> order = user_name_order(views);

  std::vector<std::size_t> expected(names.size());
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
    return model::normalise_user_name(names[a]) < model::normalise_user_name(names[b]);
  });
  EXPECT_EQ(order, expected);
}

}  // namespace
}  // namespace oss::plan
