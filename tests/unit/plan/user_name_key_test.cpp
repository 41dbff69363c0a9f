// The planner's allocation-free userName hashing and comparison must agree with model::normalise_user_name,
// the one definition of "the same person".
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.hpp"
#include "plan/user_name_key.hpp"
#include "plan/user_name_order.hpp"

namespace oss::plan {
namespace {

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> names = {
      "", " ", "a", "A", "alice@x.co", "Alice@X.CO", " alice@x.co\t", "\nALICE@x.co\r\n", "\vAlice@x.co\f", "alice@x.co\v", "\falice@x.co", "alice@x.com",
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
      // The chunk order never contradicts the full order.
      if (folded_chunk(na) < folded_chunk(nb)) {
        EXPECT_LT(na, nb) << '"' << a << "\" vs \"" << b << '"';
      }
    }
  }
}

TEST(UserNameKey, TrimsLikeTheModel) {
  for (const std::string& name : corpus()) EXPECT_EQ(trimmed_user_name(name), model::trim(name)) << '"' << name << '"';
}

TEST(UserNameOrder, SortsLikeNormalisedStrings) {
  // The corpus twice over, plus names sharing long prefixes and ending at and around the 8-byte chunk borders.
  std::vector<std::string> names = corpus();
  names.insert(names.end(), corpus().begin(), corpus().end());
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
