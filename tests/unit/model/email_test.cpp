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

} // namespace
} // namespace oss::model
