// End to end: the built binary syncs the people of a real slapd (over TLS, paged) to the fake Omni server, and
// a second run finds nothing to do.
#include <gmock/gmock.h>

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
