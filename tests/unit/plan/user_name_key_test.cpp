// The planner's allocation-free userName hashing and comparison must agree with model::normalise_user_name,
// the one definition of "the same person".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/user.hpp"
#include "plan/user_name_key.hpp"

namespace oss::plan {
namespace {

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> names = {
      "", " ", "a", "A", "alice@x.co", "Alice@X.CO", " alice@x.co\t", "\nALICE@x.co\r\n", "alice@x.com",
      "alice@x.co.", "bob@x.co", "BOB@x.co", "b@x.co", "Z@x.co", "z@x.co", "[@x.co", "`@x.co", "@@x.co",
      "\xC3\x89mile@x.co", "\xC3\xA9mile@x.co", "\xC3\x89MILE@x.co", "a-very-long-user-name-of-many-chunks@example.org",
      "A-VERY-LONG-USER-NAME-OF-MANY-CHUNKS@EXAMPLE.ORG", "a-very-long-user-name-of-many-chunks@example.orh",
      "12345678", "1234567", "123456789", "abcdefgh", "ABCDEFGH", "abcdefg", "abcdefgh\x7f", std::string("ab\0c", 4),
      "ab", "\x80\xff", "\xc0@x", "\xe0@x"};
  return names;
}

TEST(UserNameKey, AgreesWithNormaliseUserName) {
  for (const std::string& a : corpus()) {
    for (const std::string& b : corpus()) {
      const std::string na = model::normalise_user_name(a), nb = model::normalise_user_name(b);
      EXPECT_EQ(same_user_name(a, b), na == nb) << '"' << a << "\" vs \"" << b << '"';
      EXPECT_EQ(user_name_less(a, b), na < nb) << '"' << a << "\" vs \"" << b << '"';
      if (na == nb) {
        EXPECT_EQ(user_name_hash(a), user_name_hash(b)) << '"' << a << "\" vs \"" << b << '"';
      }
      // The prefix order never contradicts the full order.
      if (user_name_prefix(a) < user_name_prefix(b)) {
        EXPECT_LT(na, nb) << '"' << a << "\" vs \"" << b << '"';
      }
    }
  }
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
}  // namespace oss::plan
