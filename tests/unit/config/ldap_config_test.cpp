// `source.type: ldap`: every key read, the defaults, and each mistake located at its file:line:column and key.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace oss::config {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

const std::filesystem::path kFile = std::filesystem::path(OSS_TEST_DATA_DIR) / "config" / "ldap.yaml";
const std::string kOmni = "omni:\n  base_url: https://blobsrus.omniapp.co\n";  // lines 1-2

// Lines 3-8: the required LDAP keys; `extra` follows at line 9.
std::string ldap_source(const std::string& extra = "", const std::string& url = "ldaps://ldap.example.com") {
  return kOmni + "source:\n  type: ldap\n  url: " + url +
         "\n  bind_dn: cn=omni-sync,ou=services,dc=example,dc=com\n  bind_password_file: ldap-password\n"
         "  base_dn: ou=people,dc=example,dc=com\n" +
         extra;
}

TEST(LdapConfig, ReadsEveryKey) {
  const Config config = parse_config(
      ldap_source("  starttls: false\n  scope: one\n  filter: (&(objectClass=user)(!(cn=svc-*)))\n"
                  "  ca_file: ca.pem\n  page_size: 250\n  timeout_seconds: 12\n  on_error: skip\n"
                  "  attribute_map:\n    userName: userPrincipalName\n    displayName: displayName\n"
                  "    active: bit_clear(userAccountControl, 2)\n    attributes.department: department\n"
                  "    groups: memberOf\n"),
      kFile);
  const auto& source = config.source;
  EXPECT_EQ(source.type, source::SourceType::ldap);
  EXPECT_EQ(source.on_error, source::OnError::skip);
  const auto& ldap = source.ldap;
  EXPECT_EQ(ldap.url, "ldaps://ldap.example.com");
  EXPECT_FALSE(ldap.starttls);
  EXPECT_EQ(ldap.bind_dn, "cn=omni-sync,ou=services,dc=example,dc=com");
  EXPECT_EQ(ldap.bind_password_file, kFile.parent_path() / "ldap-password");  // relative to the config file
  EXPECT_EQ(ldap.base_dn, "ou=people,dc=example,dc=com");
  EXPECT_EQ(ldap.scope, source::LdapScope::one);
  EXPECT_EQ(ldap.filter, "(&(objectClass=user)(!(cn=svc-*)))");
  EXPECT_EQ(ldap.ca_file, kFile.parent_path() / "ca.pem");
  EXPECT_EQ(ldap.page_size, 250);
  EXPECT_EQ(ldap.timeout, 12s);
  EXPECT_EQ(ldap.attribute_map.user_name, "userPrincipalName");
  EXPECT_EQ(ldap.attribute_map.display_name, "displayName");
  EXPECT_EQ(ldap.attribute_map.active, (source::ActiveRule{source::ActiveRule::Kind::bit_clear, "userAccountControl", 2}));
  EXPECT_EQ(ldap.attribute_map.attributes,
            (std::vector<std::pair<std::string, std::string>>{{"department", "department"}}));
  EXPECT_EQ(ldap.attribute_map.groups, "memberOf");
  EXPECT_THAT(ldap.attribute_map.requested(), ::testing::Contains("memberOf"));
}

TEST(LdapConfig, Defaults) {
  const auto& ldap = parse_config(ldap_source(), kFile).source.ldap;
  EXPECT_EQ(ldap.scope, source::LdapScope::sub);
  EXPECT_EQ(ldap.filter, "(objectClass=inetOrgPerson)");
  EXPECT_EQ(ldap.ca_file, std::nullopt);
  EXPECT_EQ(ldap.page_size, 500);
  EXPECT_EQ(ldap.timeout, 30s);
  EXPECT_EQ(ldap.attribute_map, source::LdapAttributeMap{});
  EXPECT_EQ(ldap.attribute_map.user_name, "mail");
  EXPECT_EQ(ldap.attribute_map.display_name, "cn");
}

TEST(LdapConfig, StartTlsAndCredentialsDirectory) {
  const auto config = parse_config(kOmni + "source:\n  type: ldap\n  url: ldap://ldap.example.com:389\n"
                                           "  starttls: true\n  bind_dn: cn=x\n"
                                           "  bind_password_file: $CREDENTIALS_DIRECTORY/ldap-password\n"
                                           "  base_dn: dc=example,dc=com\n",
                                   kFile);
  EXPECT_TRUE(config.source.ldap.starttls);
  EXPECT_EQ(config.source.ldap.bind_password_file, "$CREDENTIALS_DIRECTORY/ldap-password");
}

struct Mistake {
  std::string name;
  std::string yaml;
  int line;
  int column;
  std::string key_path;
  std::string message;
};
void PrintTo(const Mistake& m, std::ostream* out) { *out << m.name; }

class LdapConfigErrors : public testing::TestWithParam<Mistake> {};

TEST_P(LdapConfigErrors, NameFileLineAndKey) {
  const auto& m = GetParam();
  try {
    (void)parse_config(m.yaml, kFile);
    FAIL() << "accepted:\n" << m.yaml;
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key_path, m.key_path) << error.what();
    EXPECT_EQ(error.line, m.line) << error.what();
    EXPECT_EQ(error.column, m.column) << error.what();
    EXPECT_THAT(error.what(), HasSubstr(fmt::format("{}:{}:{}: {}: ", kFile.string(), m.line, m.column, m.key_path)));
    EXPECT_THAT(error.what(), HasSubstr(m.message));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, LdapConfigErrors,
    testing::Values(
        Mistake{"PlainLdapToARemoteHost", ldap_source("", "ldap://ldap.example.com"), 5, 8, "source.url",
                "plain ldap:// would send the bind password in clear"},
        Mistake{"InlinePassword", ldap_source("  bind_password: hunter2\n"), 9, 18, "source.bind_password",
                "a password is never written in the configuration"},
        Mistake{"MissingPasswordFile",
                kOmni + "source:\n  type: ldap\n  url: ldaps://l.example.com\n  bind_dn: cn=x\n  base_dn: dc=x\n", 4, 3,
                "source.bind_password_file", "required for type ldap"},
        Mistake{"MissingBaseDn",
                kOmni + "source:\n  type: ldap\n  url: ldaps://l.example.com\n  bind_dn: cn=x\n"
                        "  bind_password_file: p\n",
                4, 3, "source.base_dn", "required"},
        Mistake{"CsvKeyUnderLdap", ldap_source("  delimiter: \";\"\n"), 9, 3, "source.delimiter", "unknown key"},
        Mistake{"UnbalancedFilter", ldap_source("  filter: (&(objectClass=person)\n"), 9, 11, "source.filter",
                "the parentheses are unbalanced"},
        Mistake{"FilterWithoutParentheses", ldap_source("  filter: objectClass=person\n"), 9, 11, "source.filter",
                "expected an LDAP filter in parentheses"},
        Mistake{"BadScope", ldap_source("  scope: subtree\n"), 9, 10, "source.scope", "expected one of"},
        Mistake{"PageSizeZero", ldap_source("  page_size: 0\n"), 9, 14, "source.page_size", "from 1 to 100000"},
        Mistake{"MissingCaFile", ldap_source("  ca_file: no-such-ca.pem\n"), 9, 12, "source.ca_file", "no such file"},
        Mistake{"BadActiveRule", ldap_source("  attribute_map:\n    active: disabled(userAccountControl)\n"), 10, 13,
                "source.attribute_map.active", "unknown function \"disabled\""},
        Mistake{"BadAttributeName", ldap_source("  attribute_map:\n    userName: e mail\n"), 10, 15,
                "source.attribute_map.userName", "is not an LDAP attribute name"},
        Mistake{"UnknownField", ldap_source("  attribute_map:\n    username: mail\n"), 10, 5,
                "source.attribute_map.username", "did you mean userName?"}));

}  // namespace
}  // namespace oss::config
