// An LDAP entry -> user fields, table by table: no server, just values.
#include "source/ldap/ldap_entry_mapping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "source/snapshot_builder.hpp"
#include "source/source_failure.hpp"

namespace oss::source {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kDn = "uid=ada,ou=people,dc=example,dc=com";

LdapEntry entry(std::vector<std::pair<std::string, std::vector<std::string>>> attributes) {
  return LdapEntry{kDn, std::move(attributes)};
}

LdapAttributeMap map_with(std::string active_rule = "true",
                          std::vector<std::pair<std::string, std::string>> attributes = {}) {
  LdapAttributeMap map;
  map.active = parse_active_rule(active_rule);
  map.attributes = std::move(attributes);
  return map;
}

std::vector<std::string> errors_of(const RecordFields& fields) {
  std::vector<std::string> lines;
  for (const auto& error : fields.errors) lines.push_back(error.to_string());
  return lines;
}

// ---- the fields one by one ---------------------------------------------------------------------------------

TEST(LdapEntryMapping, ReadsUserNameDisplayNameAndAttributes) {
  const auto fields = map_ldap_entry(
      entry({{"mail", {"ada@example.com"}}, {"cn", {"Ada Lovelace", "Countess of Lovelace"}},
             {"departmentNumber", {"R&D"}}, {"memberOf", {"cn=a", "cn=b"}}}),
      map_with("true", {{"department", "departmentNumber"}, {"groups", "memberOf"}, {"office", "roomNumber"}}));
  EXPECT_TRUE(fields.errors.empty()) << errors_of(fields).front();
  EXPECT_EQ(fields.user_name, "ada@example.com");
  EXPECT_EQ(fields.display_name, "Ada Lovelace");  // the first of a multi-valued cn
  EXPECT_FALSE(fields.active.has_value());         // `true`: the record default, active
  EXPECT_EQ(fields.attributes.find("department"), model::AttributeValue(std::string("R&D")));
  EXPECT_EQ(fields.attributes.find("groups"),
            model::AttributeValue(model::AttributeList{std::string("cn=a"), std::string("cn=b")}));
  EXPECT_FALSE(fields.attributes.find("office"));  // absent attribute: nothing, not an empty string
}

// Group sync from a directory: memberOf holds DNs; the group is named by the first RDN's value.
TEST(LdapEntryMapping, GroupsComeFromMemberOfDnsOrPlainValues) {
  LdapAttributeMap map = map_with();
  map.groups = "memberOf";
  const auto fields = map_ldap_entry(
      entry({{"mail", {"ada@example.com"}},
             {"memberOf",
              {"cn=Engineering,ou=groups,dc=example,dc=com", "CN=R\\2CD\\, Labs,OU=Groups,DC=corp,DC=example",
               "Data Science", "cn=Engineering,ou=other,dc=example,dc=com", "cn= ,ou=groups,dc=example,dc=com"}}}),
      map);
  EXPECT_TRUE(fields.errors.empty()) << errors_of(fields).front();
  // Escapes undone, repeats and blank names dropped, the directory's order kept.
  EXPECT_THAT(fields.groups, ElementsAre("Engineering", "R,D, Labs", "Data Science"));

  const auto none = map_ldap_entry(entry({{"mail", {"bob@example.com"}}}), map);
  EXPECT_TRUE(none.errors.empty());
  EXPECT_TRUE(none.groups.empty());

  map.groups.clear();  // not mapped: not read even when the entry has it
  EXPECT_TRUE(map_ldap_entry(entry({{"mail", {"ada@example.com"}}, {"memberOf", {"cn=x,dc=y"}}}), map).groups.empty());
}

TEST(LdapEntryMapping, ABinaryGroupValueIsAnErrorNamingTheDn) {
  LdapAttributeMap map = map_with();
  map.groups = "memberOf";
  const auto fields =
      map_ldap_entry(entry({{"mail", {"ada@example.com"}}, {"memberOf", {std::string("cn=a\0b,dc=x", 10)}}}), map);
  ASSERT_EQ(fields.errors.size(), 1u);
  EXPECT_THAT(errors_of(fields).front(), HasSubstr(kDn));
  EXPECT_THAT(errors_of(fields).front(), HasSubstr("memberOf"));
}

TEST(LdapEntryMapping, AttributeNamesAreCaseInsensitive) {
  LdapAttributeMap map = map_with("absent(PWDAccountLockedTime)");
  map.user_name = "MAIL";
  const auto fields = map_ldap_entry(entry({{"mail", {"a@example.com"}}, {"pwdAccountLockedTime", {"2026"}}}), map);
  EXPECT_EQ(fields.user_name, "a@example.com");
  EXPECT_EQ(fields.active, false);
}

// ---- active rules against entries: a table ------------------------------------------------------------------

struct ActiveCase {
  std::string name;
  std::string rule;
  std::vector<std::pair<std::string, std::vector<std::string>>> extra;  // besides mail
  std::optional<bool> active;   // nullopt: the record default (active)
  std::string error;            // expected error text, empty for none
};
void PrintTo(const ActiveCase& c, std::ostream* out) { *out << c.name; }

class LdapActive : public testing::TestWithParam<ActiveCase> {};

TEST_P(LdapActive, FollowsTheRule) {
  const auto& c = GetParam();
  auto attributes = c.extra;
  attributes.push_back({"mail", {"ada@example.com"}});
  const auto fields = map_ldap_entry(entry(attributes), map_with(c.rule));
  if (c.error.empty()) {
    EXPECT_TRUE(fields.errors.empty()) << errors_of(fields).front();
    EXPECT_EQ(fields.active, c.active);
  } else {
    ASSERT_EQ(fields.errors.size(), 1u);
    EXPECT_EQ(fields.errors.front().to_string(), std::string(kDn) + ": column \"active\": " + c.error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, LdapActive,
    testing::Values(
        ActiveCase{"AlwaysIsTheDefault", "true", {{"userAccountControl", {"514"}}}, std::nullopt, ""},
        ActiveCase{"AdNormalAccount", "bit_clear(userAccountControl, 2)", {{"userAccountControl", {"512"}}}, true, ""},
        ActiveCase{"AdDisabledAccount", "bit_clear(userAccountControl, 2)", {{"userAccountControl", {"514"}}}, false, ""},
        ActiveCase{"AdNegativeFlags", "bit_clear(userAccountControl, 0x2)", {{"userAccountControl", {"-2147483646"}}},
                   false, ""},
        ActiveCase{"BitSet", "bit_set(flags, 0x11)", {{"flags", {"17"}}}, true, ""},
        ActiveCase{"BitSetPartly", "bit_set(flags, 0x11)", {{"flags", {"16"}}}, false, ""},
        ActiveCase{"LockedOpenLdap", "absent(pwdAccountLockedTime)", {{"pwdAccountLockedTime", {"20260101000000Z"}}},
                   false, ""},
        ActiveCase{"NotLocked", "absent(pwdAccountLockedTime)", {}, true, ""},
        ActiveCase{"PresentFlag", "present(employeeActive)", {{"employeeActive", {"anything"}}}, true, ""},
        ActiveCase{"PresentMissing", "present(employeeActive)", {}, false, ""},
        ActiveCase{"BooleanFalse", "boolean(accountActive)", {{"accountActive", {"FALSE"}}}, false, ""},
        ActiveCase{"BooleanTrue", "boolean(accountActive)", {{"accountActive", {"TRUE"}}}, true, ""},
        ActiveCase{"BooleanAbsentMeansActive", "boolean(accountActive)", {}, true, ""},
        ActiveCase{"BooleanGarbage", "boolean(accountActive)", {{"accountActive", {"maybe"}}}, std::nullopt,
                   "\"accountActive\" is \"maybe\", expected true/false, yes/no or 1/0"},
        ActiveCase{"FlagsMissing", "bit_clear(userAccountControl, 2)", {}, std::nullopt,
                   "no \"userAccountControl\" attribute, so the account state is unknown"},
        ActiveCase{"FlagsNotANumber", "bit_clear(userAccountControl, 2)", {{"userAccountControl", {"disabled"}}},
                   std::nullopt, "\"userAccountControl\" is \"disabled\", expected an integer"},
        ActiveCase{"FlagsBinary", "bit_clear(userAccountControl, 2)", {{"userAccountControl", {std::string("5\0", 2)}}},
                   std::nullopt,
                   "attribute \"userAccountControl\" is not text: NUL byte at byte 2 (a binary value cannot be sent "
                   "to Omni)"}));

// ---- what is wrong with an entry, each named by its DN -------------------------------------------------------

struct BadEntry {
  std::string name;
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;
  std::string error;  // the whole line, after the DN
};
void PrintTo(const BadEntry& c, std::ostream* out) { *out << c.name; }

class LdapBadEntry : public testing::TestWithParam<BadEntry> {};

// The errors reach the snapshot through add_record, as a JSON record's would.
TEST_P(LdapBadEntry, IsReportedWithItsDn) {
  const auto& c = GetParam();
  SnapshotBuilder builder(OnError::skip, "ldaps://ldap.example.com/dc=example,dc=com");
  builder.begin_file(kDn);
  add_record(map_ldap_entry(entry(c.attributes), map_with("true", {{"photo", "jpegPhoto"}})), kDn, 0, builder);
  const auto snapshot = builder.finish();
  EXPECT_TRUE(snapshot.users.empty());
  ASSERT_EQ(snapshot.skipped.size(), 1u);
  EXPECT_EQ(snapshot.skipped.front().to_string(), std::string(kDn) + ": " + c.error);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LdapBadEntry,
    testing::Values(
        BadEntry{"NoMail", {{"cn", {"Ada"}}},
                 "column \"userName\": the entry has no \"mail\" attribute (attribute_map.userName)"},
        BadEntry{"TwoMails", {{"mail", {"a@example.com", "b@example.com"}}},
                 "column \"userName\": attribute \"mail\" has 2 values; the userName must be exactly one"},
        BadEntry{"MailNotAnEmail", {{"mail", {"ada"}}}, "column \"userName\": not an email address: \"ada\""},
        BadEntry{"MailNotUtf8", {{"mail", {"ada\xff@example.com"}}},
                 "column \"userName\": attribute \"mail\" is not text: invalid UTF-8 at byte 4 (a binary value "
                 "cannot be sent to Omni)"},
        BadEntry{"BinaryAttribute", {{"mail", {"a@example.com"}}, {"jpegPhoto", {"ok", std::string("\xff\xd8\xff", 3)}}},
                 "column \"attributes.photo\": attribute \"jpegPhoto\" (value 2) is not text: invalid UTF-8 at byte 1 "
                 "(a binary value cannot be sent to Omni)"},
        BadEntry{"DisplayNameNotUtf8", {{"mail", {"a@example.com"}}, {"cn", {"Ad\xc3"}}},
                 "column \"displayName\": attribute \"cn\" is not text: invalid UTF-8 at byte 3 (a binary value "
                 "cannot be sent to Omni)"}));

TEST(LdapEntryMapping, ValidEntryBecomesAUserWithDefaultDisplayName) {
  SnapshotBuilder builder(OnError::fail, "ldap");
  builder.begin_file(kDn);
  add_record(map_ldap_entry(entry({{"mail", {" ada@example.com "}}}), map_with()), kDn, 0, builder);
  const auto snapshot = builder.finish();
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].user_name, "ada@example.com");
  EXPECT_EQ(snapshot.users[0].display_name, "ada");
  EXPECT_TRUE(snapshot.users[0].active);
}

TEST(LdapEntryMapping, SameMailOnTwoEntriesNamesBothDns) {
  SnapshotBuilder builder(OnError::fail, "ldap");
  for (const char* dn : {"uid=a,dc=example", "uid=b,dc=example"}) {
    builder.begin_file(dn);
    add_record(map_ldap_entry(LdapEntry{dn, {{"mail", {"same@example.com"}}}}, map_with()), dn, 0, builder);
  }
  try {
    builder.finish();
    FAIL() << "expected a SourceFailure";
  } catch (const SourceFailure& failure) {
    EXPECT_THAT(failure.what(), HasSubstr("uid=b,dc=example: column \"userName\": userName \"same@example.com\" "
                                          "appears twice: also at uid=a,dc=example"));
  }
}

}  // namespace
}  // namespace oss::source
