// The allocation-free userName hashing and comparison (the planner's and the source's duplicate check) must agree
// with model::normalise_user_name, the one definition of "the same person".
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.hpp"
#include "model/user_name_key.hpp"
#include "user_name_corpus.hpp"

namespace oss::model {
namespace {

using oss::testing::user_name_corpus;

TEST(UserNameKey, AgreesWithNormaliseUserName) {
  for (const std::string& a : user_name_corpus()) {
    for (const std::string& b : user_name_corpus()) {
      const std::string na = model::normalise_user_name(a), nb = model::normalise_user_name(b);
      EXPECT_EQ(same_user_name(a, b), na == nb) << '"' << a << "\" vs \"" << b << '"';
      EXPECT_EQ(user_name_less(a, b), na < nb) << '"' << a << "\" vs \"" << b << '"';
      if (na == nb) {
        EXPECT_EQ(user_name_hash(a), user_name_hash(b)) << '"' << a << "\" vs \"" << b << '"';
      }
      // The chunk order never contradicts the full order.
      if (folded_chunk(na) < folded_chunk(nb)) {
        EXPECT_LT(na, nb) << '"' << a << "\" vs \"" << b << '"';
      }
    }
  }
}

TEST(Trim, RemovesAsciiWhiteSpaceAtBothEndsOnly) {
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t\n\v\f\r"), "");
  EXPECT_EQ(trim("a"), "a");
  EXPECT_EQ(trim(" \ta b\r\n"), "a b");
  EXPECT_EQ(trim("\va\f"), "a");
  EXPECT_EQ(trim("\x85" "a\xC2\xA0"), "\x85" "a\xC2\xA0");  // not ASCII white space: left alone
  EXPECT_EQ(trim(std::string_view("\0a\0", 3)), std::string_view("\0a\0", 3));
}

TEST(UserNameKey, HashSeparatesDifferentNames) {
  std::vector<std::uint64_t> hashes;
  for (int n = 0; n < 20000; ++n) hashes.push_back(user_name_hash("user" + std::to_string(n) + "@example.com"));
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(std::adjacent_find(hashes.begin(), hashes.end()), hashes.end());
  // Names that differ only in one letter's case-insensitive identity, or in length, hash apart.
  EXPECT_NE(user_name_hash("abcdefgh"), user_name_hash("abcdefgi"));
  EXPECT_NE(user_name_hash("abcdefg"), user_name_hash(std::string("abcdefg\0", 8)));
}

}  // namespace
}  // namespace oss::model
