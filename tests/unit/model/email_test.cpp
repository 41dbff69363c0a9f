// model::looks_like_email: the shape every userName must have (one '@',
// something before it, a dotted domain), and the bytes no userName may hold.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/user.hpp"

namespace oss::model {
namespace {

TEST(LooksLikeEmail, AcceptsOrdinaryAddresses) {
  for (const std::string &text : std::vector<std::string>{
           "a@b.co", "first.last+tag@sub.example.com", "\xC3\x89mile@x.co",
           "a@b..co", "o'neil@x.io", std::string(310, 'a') + "@x.co"})
    EXPECT_TRUE(looks_like_email(text)) << text;
}

TEST(LooksLikeEmail, RefusesWhatIsNotOne) {
  for (const std::string &text : std::vector<std::string>{
           "", "a", "a.b", "@b.co", "a@b", "a.b@c", "a@.co", "a@b.co.",
           "a@@b.co", "a@b@c.co", "a b@c.co", "a@b.co ", "a,b@c.co", "<a@b.co>",
           "a\"@b.co", "a\x7f@b.co", "a\t@b.co", std::string("a\0@b.co", 7),
           std::string(316, 'a') + "@x.co"})
    EXPECT_FALSE(looks_like_email(text)) << text;
}

// A userName is an identity: U+202E would show Omni's user list an address other than the one stored.
TEST(LooksLikeEmail, RefusesC1AndBidiControlsButNotOtherUnicode) {
  EXPECT_FALSE(looks_like_email("ada\xE2\x80\xAEmoc.x@example.com"));
  EXPECT_FALSE(looks_like_email("ada\xC2\x9B@example.com"));
  EXPECT_FALSE(looks_like_email("ada@exa\xE2\x81\xA6mple.com"));
  EXPECT_FALSE(looks_like_email("ada\xD8\x9C@example.com"));
  EXPECT_FALSE(looks_like_email("ada\xC2@example.com"));  // a broken sequence on a checked lead byte
  EXPECT_TRUE(looks_like_email("\xC2\xA9" "ada@example.com"));        // U+00A9 shares the C1 lead byte
  EXPECT_TRUE(looks_like_email("ada\xE2\x82\xAC@example.com"));    // U+20AC shares the bidi lead byte
  EXPECT_TRUE(looks_like_email("\xD8\xB9\xD9\x84\xD9\x8A@example.com"));  // Arabic letters, lead D8
}

} // namespace
} // namespace oss::model
