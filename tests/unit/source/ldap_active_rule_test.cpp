// The `attribute_map.active` grammar and the LDAP names and URLs an LDAP source accepts.
#include "source/ldap/ldap_active_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "source/ldap/ldap_attribute_map.hpp"
#include "source/ldap/ldap_options.hpp"

namespace oss::source {
namespace {

using ::testing::HasSubstr;
using Kind = ActiveRule::Kind;

TEST(LdapActiveRule, ParsesEveryForm) {
  EXPECT_EQ(parse_active_rule("true"), ActiveRule{});
  EXPECT_EQ(parse_active_rule(" absent( pwdAccountLockedTime ) "), (ActiveRule{Kind::absent, "pwdAccountLockedTime", 0}));
  EXPECT_EQ(parse_active_rule("present(employeeActive)"), (ActiveRule{Kind::present, "employeeActive", 0}));
  EXPECT_EQ(parse_active_rule("bit_clear(userAccountControl, 2)"), (ActiveRule{Kind::bit_clear, "userAccountControl", 2}));
  EXPECT_EQ(parse_active_rule("bit_set(flags,0x10)"), (ActiveRule{Kind::bit_set, "flags", 16}));
  EXPECT_EQ(parse_active_rule("boolean(nsAccountActive)"), (ActiveRule{Kind::boolean, "nsAccountActive", 0}));
}

struct BadRule {
  std::string text;
  std::string problem;
};

TEST(LdapActiveRule, RefusesWithTheReason) {
  const std::vector<BadRule> table = {
      {"yes", "not a rule in \"yes\""},
      {"disabled(userAccountControl)", "unknown function \"disabled\""},
      {"absent()", "expected an LDAP attribute name, got nothing"},
      {"absent(mail, 2)", "absent takes one attribute"},
      {"bit_clear(userAccountControl)", "bit_clear needs an attribute and a mask"},
      {"bit_clear(userAccountControl, two)", "the mask must be a positive integer"},
      {"bit_clear(userAccountControl, 0)", "the mask must be a positive integer"},
      {"present(user account)", "is not an LDAP attribute name"},
      {"present(mail", "not a rule"},
  };
  for (const auto& bad : table) {
    try {
      (void)parse_active_rule(bad.text);
      ADD_FAILURE() << "accepted: " << bad.text;
    } catch (const std::invalid_argument& error) {
      EXPECT_THAT(error.what(), HasSubstr(bad.problem)) << bad.text;
      EXPECT_THAT(error.what(), HasSubstr("expected true, absent(attribute)")) << bad.text;
    }
  }
}

TEST(LdapAttributeNames, AcceptsNamesOidsAndOptions) {
  for (const char* name : {"mail", "msDS-UserAccountDisabled", "2.5.4.3", "cn;lang-en", "userCertificate;binary"})
    EXPECT_EQ(ldap_attribute_problem(name), std::nullopt) << name;
  for (const char* name : {"", "1mail", "ma il", "cn;", "2.5..4", "mail,cn", "(mail)"})
    EXPECT_NE(ldap_attribute_problem(name), std::nullopt) << name;
}

TEST(LdapAttributeMap, RequestsEachAttributeOnce) {
  LdapAttributeMap map;
  map.active = parse_active_rule("absent(pwdAccountLockedTime)");
  map.attributes = {{"email", "MAIL"}, {"department", "departmentNumber"}};
  EXPECT_EQ(map.requested(), (std::vector<std::string>{"mail", "cn", "pwdAccountLockedTime", "departmentNumber"}));
}

struct UrlCase {
  std::string url;
  bool starttls;
  std::string problem;  // empty: accepted
};

TEST(LdapUrl, OnlyEncryptedUnlessLoopback) {
  const std::vector<UrlCase> table = {
      {"ldaps://ldap.example.com", false, ""},
      {"ldaps://ldap.example.com:636/", false, ""},
      {"ldap://ldap.example.com", true, ""},
      {"ldap://127.0.0.1:3389", false, ""},
      {"ldap://127.45.0.1", false, ""},
      {"ldap://[::1]:389", false, ""},
      // Only a literal loopback address, parsed: names that start like one, and names at all, are refused.
      {"ldap://127.attacker.example:389", false, "plain ldap:// would send the bind password in clear"},
      {"ldap://127.0.0.1.attacker.example", false, "plain ldap:// would send the bind password in clear"},
      {"ldap://localhost", false, "only to a literal loopback address"},
      {"ldap://[::ffff:10.0.0.5]", false, "plain ldap:// would send the bind password in clear"},
      {"ldap://ldap.example.com", false, "plain ldap:// would send the bind password in clear"},
      {"ldap://10.0.0.5:389", false, "plain ldap:// would send the bind password in clear"},
      {"ldaps://ldap.example.com", true, "starttls applies to ldap:// URLs"},
      {"https://ldap.example.com", false, "expected an ldaps:// or ldap:// URL"},
      {"ldaps://", false, "the URL names no host"},
      {"ldaps://a.example.com b.example.com", false, "expected one host"},
      {"ldaps://ldap.example.com/dc=example,dc=com", false, "give them as base_dn"},
  };
  for (const auto& c : table) {
    const auto problem = ldap_url_problem(c.url, c.starttls);
    if (c.problem.empty())
      EXPECT_EQ(problem, std::nullopt) << c.url << ": " << problem.value_or("");
    else
      EXPECT_THAT(problem.value_or("accepted"), HasSubstr(c.problem)) << c.url;
  }
}

}  // namespace
}  // namespace oss::source
