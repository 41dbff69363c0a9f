#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "guard/glob_match.hpp"

namespace oss::guard {
namespace {

struct GlobCase {
  std::string pattern;
  std::string text;
  bool matches;
};

TEST(GlobMatch, Table) {
  const std::vector<GlobCase> cases = {
      {"ceo@x.co", "ceo@x.co", true},
      {"ceo@x.co", "ceo@x.com", false},
      {"ceo@x.co", "xceo@x.co", false},
      {"", "", true},
      {"", "a", false},
      {"*", "", true},
      {"*", "anything@x.co", true},
      {"*@admins.x.co", "root@admins.x.co", true},
      {"*@admins.x.co", "root@admins.x.co.evil", false},
      {"*@admins.x.co", "@admins.x.co", true},
      {"svc-*@x.co", "svc-backup@x.co", true},
      {"svc-*@x.co", "svc@x.co", false},
      {"a*b*c", "abc", true},
      {"a*b*c", "aXbYbZc", true},
      {"a*b*c", "aXbYcZ", false},
      {"**", "ab", true},
      {"*a", "aaaa", true},
      {"*ab", "aaab", true},
      {"user?@x.co", "user1@x.co", true},
      {"user?@x.co", "user12@x.co", false},
      {"user?@x.co", "user@x.co", false},
      {"??", "ab", true},
      {"??", "a", false},
      {"?mile@x.co", "\xC3\xA9mile@x.co", true},   // one code point, two bytes
      {"*\xC3\xA9", "caf\xC3\xA9", true},
      {"a?c", "a\xE2\x82\xAC" "c", true},          // the euro sign is three bytes
      {"A*", "a", false},                           // case-sensitive: the guard normalises first
  };
  for (const GlobCase& c : cases)
    EXPECT_EQ(glob_match(c.pattern, c.text), c.matches) << '"' << c.pattern << "\" on \"" << c.text << '"';
}

TEST(GlobMatch, ManyStarsStayFast) {
  const std::string text(2000, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", text));
}

}  // namespace
}  // namespace oss::guard
