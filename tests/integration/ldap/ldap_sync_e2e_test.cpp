// End to end: the built binary syncs the people of a real slapd (over TLS, paged) to the fake Omni server, and
// a second run finds nothing to do.
#include <gmock/gmock.h>

#include <map>
#include <set>

#include "integration/ldap/people_ldif.hpp"
#include "integration/ldap/slapd_server.hpp"
#include "integration/sync/sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

class LdapSyncTest : public SyncTest {
 protected:
  LdapSyncTest() {
    support::write_private_file(dir_ / "ldap-password", std::string(kBindPassword) + "\n");
    // 100 people (p0000..p0099) in pages of 30: several pages, and quick to create at the fake Omni.
    support::write_file(dir_ / "config.yaml",
                        "omni:\n  base_url: " + server_.base_url() +
                            "\n  ca_file: ca.pem\n  requests_per_minute: 60000\n  rate_window_seconds: 1\n"
                            "  timeout_seconds: 5\n  max_retries: 3\n"
                            "source:\n  type: ldap\n  url: " + slapd_.ldaps_url() +
                            "\n  bind_dn: " + kSyncBindDn + "\n  bind_password_file: ldap-password\n"
                            "  base_dn: " + kPeopleBase + "\n  filter: (&(objectClass=inetOrgPerson)(uid=p00*))\n"
                            "  ca_file: " + slapd_.ca_file().string() + "\n  page_size: 30\n"
                            "  attribute_map:\n    userName: mail\n    displayName: cn\n"
                            "    active: bit_clear(userAccountControl, 2)\n    attributes.region: departmentNumber\n"
                            "sync:\n  manage_attributes: [region]\n  max_deletes: 1000\n  max_delete_percent: 100\n"
                            "logging:\n  level: info\nmetrics:\n  listen: \"\"\nstate_dir: state\n");
  }

  SlapdServer slapd_{people_ldif(100)};
};

TEST_F(LdapSyncTest, ConvergesFromTheDirectory) {
  const auto first = sync();
  ASSERT_EQ(first.code(), 0) << first.out << first.err;
  const auto state = server_state();
  // Disabled accounts (every 10th) are not created; everyone else is, with the directory's fields.
  EXPECT_EQ(state.size(), 90u);
  EXPECT_EQ(state.count(person_mail(10)), 0u);
  ASSERT_EQ(state.count(person_mail(42)), 1u);
  EXPECT_EQ(state.at(person_mail(42)), std::make_tuple(std::string("Person 42"), true, std::string("D0")));

  const std::size_t writes_before = writes();
  const auto second = sync();
  ASSERT_EQ(second.code(), 0) << second.out << second.err;
  EXPECT_EQ(writes(), writes_before) << "the second run changed something:\n" << second.out;
}

// Group sync from the directory: each person's memberOf DNs name their groups (by the first RDN's value).
TEST_F(LdapSyncTest, GroupsFollowMemberOf) {
  std::string config = support::read_file(dir_ / "config.yaml");
  const std::string map_end = "    attributes.region: departmentNumber\n";
  config.replace(config.find(map_end), map_end.size(), map_end + "    groups: memberOf\n");
  const std::string sync_section = "sync:\n";
  config.replace(config.find(sync_section), sync_section.size(), sync_section + "  groups: {enabled: true, prefix: \"ldap-\"}\n");
  support::write_file(dir_ / "config.yaml", config);

  const auto first = sync();
  ASSERT_EQ(first.code(), 0) << first.out << first.err;
  std::map<std::string, std::set<std::string>> expected;  // Omni group -> members' userNames
  for (std::size_t i = 0; i < 100; ++i) {
    if (is_disabled(i)) continue;  // deactivated people are placed in no group
    expected["ldap-" + team_of(i)].insert(person_mail(i));
    if (i % 2 == 0) expected["ldap-Even, numbered"].insert(person_mail(i));
  }
  std::map<std::string, std::string> user_name_of;  // id -> userName
  for (const auto& user : server_.users()) user_name_of[user.id] = user.user_name;
  std::map<std::string, std::set<std::string>> actual;
  for (const auto& group : server_.groups())
    for (const auto& id : group.member_ids) actual[group.display_name].insert(user_name_of.at(id));
  EXPECT_EQ(actual, expected);

  const std::size_t writes_before = writes();
  const auto second = sync();
  ASSERT_EQ(second.code(), 0) << second.out << second.err;
  EXPECT_EQ(writes(), writes_before) << "the second run changed something:\n" << second.out;
}

TEST_F(LdapSyncTest, CheckReadsTheDirectory) {
  support::ChildProcess check(options({"check"}));
  const auto status = check.wait(std::chrono::seconds(60));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 0) << check.stdout_text() << check.stderr_text();
  EXPECT_THAT(check.stdout_text(), HasSubstr("source: 100 users read from " + slapd_.ldaps_url() + "/" + kPeopleBase));
}

TEST_F(LdapSyncTest, DirectoryDownSendsNothing) {
  slapd_.kill();
  const auto run = sync();
  EXPECT_EQ(run.code(), 1) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("cannot read the source"));
  EXPECT_THAT(run.err, HasSubstr("Can't contact LDAP server"));
  EXPECT_EQ(writes(), 0u);
}

}  // namespace
}  // namespace oss::testing
