#pragma once
// Awkward userNames (white space, case, UTF-8, NUL, lengths around 8-byte chunks) for the tests that check the
// allocation-free userName key (model/user_name_key) and order (plan/user_name_order) against normalise_user_name.
#include <string>
#include <vector>

namespace oss::testing {

inline const std::vector<std::string>& user_name_corpus() {
  static const std::vector<std::string> names = {
      "", " ", "a", "A", "alice@x.co", "Alice@X.CO", " alice@x.co\t", "\nALICE@x.co\r\n", "\vAlice@x.co\f", "alice@x.co\v", "\falice@x.co", "alice@x.com",
      "alice@x.co.", "bob@x.co", "BOB@x.co", "b@x.co", "Z@x.co", "z@x.co", "[@x.co", "`@x.co", "@@x.co",
      "\xC3\x89mile@x.co", "\xC3\xA9mile@x.co", "\xC3\x89MILE@x.co", "a-very-long-user-name-of-many-chunks@example.org",
      "A-VERY-LONG-USER-NAME-OF-MANY-CHUNKS@EXAMPLE.ORG", "a-very-long-user-name-of-many-chunks@example.orh",
      "12345678", "1234567", "123456789", "abcdefgh", "ABCDEFGH", "abcdefg", "abcdefgh\x7f", std::string("ab\0c", 4),
      "ab", "\x80\xff", "\xc0@x", "\xe0@x"};
  return names;
}

}  // namespace oss::testing
