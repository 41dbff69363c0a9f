// The LDAP source against a real OpenLDAP server (slapd_server.hpp) over TLS: 2,500 people behind a size limit of
// 500 read whole by paging, disabled accounts, bad credentials and CA, limits, referrals and a server killed
// mid-read, which must never become a short list that deletes people.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "guard/guards.hpp"
#include "integration/ldap/people_ldif.hpp"
#include "integration/ldap/slapd_server.hpp"
#include "plan/planner.hpp"
#include "source/ldap/ldap_source.hpp"
#include "source/source_failure.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using source::LdapSource;
using source::OnError;
using source::SourceFailure;

constexpr std::size_t kPeople = 2500;

class LdapSourceTest : public ::testing::Test {
 protected:
  // One server for the read-only tests: starting one takes a fraction of a second, loading 2,500 people too.
  static void SetUpTestSuite() { server_ = new SlapdServer(people_ldif(kPeople) + odd_entries_ldif()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  LdapSourceTest() { support::write_private_file(dir_ / "password", std::string(kBindPassword) + "\n"); }

  source::SourceOptions options(const SlapdServer& server, OnError on_error = OnError::fail) const {
    source::SourceOptions o;
    o.type = source::SourceType::ldap;
    o.on_error = on_error;
    auto& ldap = o.ldap;
    ldap.url = server.ldaps_url();
    ldap.bind_dn = kSyncBindDn;
    ldap.bind_password_file = dir_ / "password";
    ldap.base_dn = kPeopleBase;
    ldap.ca_file = server.ca_file();
    ldap.page_size = 400;
    ldap.timeout = std::chrono::seconds(10);
    ldap.attribute_map.active = source::parse_active_rule("bit_clear(userAccountControl, 2)");
    ldap.attribute_map.attributes = {{"department", "departmentNumber"}, {"phones", "telephoneNumber"}};
    return o;
  }

  // The SourceFailure's message, or a test failure when the read succeeds.
  static std::string failure_of(LdapSource source) {
    try {
      source.read();
    } catch (const SourceFailure& failure) {
      return failure.what();
    }
    ADD_FAILURE() << "the read succeeded";
    return "";
  }

  static const model::User* find(const snapshot::Snapshot& snapshot, const std::string& user_name) {
    const auto it = std::find_if(snapshot.users.begin(), snapshot.users.end(),
                                 [&](const model::User& u) { return u.user_name == user_name; });
    return it == snapshot.users.end() ? nullptr : &*it;
  }

  static SlapdServer* server_;
  support::TempDir dir_{"oss-ldap-source"};
};
SlapdServer* LdapSourceTest::server_ = nullptr;

TEST_F(LdapSourceTest, ReadsEveryPersonPageByPageDespiteTheSizeLimit) {
  int pages = 0;
  const auto snapshot = LdapSource(options(*server_), [&](int page) { pages = page; }).read();
  EXPECT_TRUE(snapshot.complete());
  EXPECT_EQ(snapshot.users.size(), kPeople);  // a plain search stops at 500
  EXPECT_EQ(pages, 7);                        // 2,500 in pages of 400
  EXPECT_EQ(snapshot.origin, server_->ldaps_url() + "/" + kPeopleBase);
  const auto* person = find(snapshot, person_mail(1234));
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->display_name, "Person 1234");
  EXPECT_TRUE(person->active);
  EXPECT_EQ(person->attributes.find("department"), model::AttributeValue(std::string("D2")));
  EXPECT_EQ(person->attributes.find("phones"),
            model::AttributeValue(model::AttributeList{std::string("+1 555 1234"), std::string("+1 555 91234")}));
}

TEST_F(LdapSourceTest, DisabledAccountsAreInactive) {
  const auto snapshot = LdapSource(options(*server_)).read();
  std::size_t inactive = 0;
  for (const auto& user : snapshot.users) inactive += user.active ? 0 : 1;
  EXPECT_EQ(inactive, kPeople / 10);  // userAccountControl 514: every 10th person
  EXPECT_FALSE(find(snapshot, person_mail(20))->active);
  EXPECT_TRUE(find(snapshot, person_mail(21))->active);

  auto locked = options(*server_);
  locked.ldap.attribute_map.active = source::parse_active_rule("absent(pwdAccountLockedTime)");
  const auto by_lock = LdapSource(locked).read();
  EXPECT_EQ(std::count_if(by_lock.users.begin(), by_lock.users.end(), [](const model::User& u) { return !u.active; }),
            static_cast<std::ptrdiff_t>(kPeople / 25));
  EXPECT_FALSE(find(by_lock, person_mail(50))->active);
  EXPECT_TRUE(find(by_lock, person_mail(20))->active);
}

TEST_F(LdapSourceTest, StartTlsOnThePlainPort) {
  auto o = options(*server_);
  o.ldap.url = server_->ldap_url();
  o.ldap.starttls = true;
  o.ldap.filter = "(uid=p000*)";
  EXPECT_EQ(LdapSource(o).read().users.size(), 10u);
}

TEST_F(LdapSourceTest, WrongPasswordIsAClearError) {
  support::write_private_file(dir_ / "password", "not-the-password\n");
  const std::string message = failure_of(LdapSource(options(*server_)));
  EXPECT_THAT(message, HasSubstr("cannot bind to " + server_->ldaps_url() + " as " + kSyncBindDn +
                                 ": Invalid credentials; check source.bind_dn and source.bind_password_file"));
  EXPECT_THAT(message, Not(HasSubstr("not-the-password")));
}

TEST_F(LdapSourceTest, WrongCaIsAClearError) {
  support::write_file(dir_ / "other-ca.pem", support::make_certificate_authority("some other CA").certificate_pem);
  auto o = options(*server_);
  o.ldap.ca_file = dir_ / "other-ca.pem";
  const std::string message = failure_of(LdapSource(o));
  EXPECT_THAT(message, HasSubstr("cannot bind to " + server_->ldaps_url()));
  EXPECT_THAT(message, HasSubstr("Can't contact LDAP server"));
  EXPECT_THAT(message, HasSubstr("source.ca_file"));

  o.ldap.url = server_->ldap_url();
  o.ldap.starttls = true;
  EXPECT_THAT(failure_of(LdapSource(o)), HasSubstr("StartTLS with " + server_->ldap_url() + " failed"));
}

TEST_F(LdapSourceTest, MissingPasswordFileNamesTheKey) {
  std::filesystem::remove(dir_ / "password");
  try {
    LdapSource(options(*server_)).read();
    FAIL() << "the read succeeded";
  } catch (const std::exception& error) {
    EXPECT_THAT(error.what(), HasSubstr("(source.bind_password_file): No such file or directory"));
  }
}

TEST_F(LdapSourceTest, SizeLimitMakesTheSnapshotIncomplete) {
  auto o = options(*server_, OnError::skip);
  o.ldap.bind_dn = kLimitedBindDn;  // may page through 1,000 entries in all
  const auto snapshot = LdapSource(o).read();
  EXPECT_FALSE(snapshot.complete());
  EXPECT_LT(snapshot.users.size(), kPeople);
  ASSERT_EQ(snapshot.skipped.size(), 1u);
  EXPECT_THAT(snapshot.skipped[0].to_string(), HasSubstr("stopped at page 3: Size limit exceeded"));
  EXPECT_THAT(snapshot.skipped[0].to_string(), HasSubstr("the read is incomplete"));

  o.on_error = OnError::fail;
  EXPECT_THAT(failure_of(LdapSource(o)), HasSubstr("Size limit exceeded"));
}

TEST_F(LdapSourceTest, OddEntriesAreReportedByDn) {
  auto o = options(*server_, OnError::skip);
  o.ldap.base_dn = "ou=odd,dc=example,dc=com";
  o.ldap.attribute_map.active = {};
  o.ldap.attribute_map.attributes = {{"photo", "jpegPhoto"}};
  const auto snapshot = LdapSource(o).read();
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].user_name, person_mail(9001));
  std::vector<std::string> errors;
  for (const auto& error : snapshot.skipped) errors.push_back(error.to_string());
  EXPECT_THAT(errors, ::testing::UnorderedElementsAre(
                          "uid=nomail,ou=odd,dc=example,dc=com: column \"userName\": the entry has no \"mail\" "
                          "attribute (attribute_map.userName)",
                          "uid=photo,ou=odd,dc=example,dc=com: column \"attributes.photo\": attribute \"jpegPhoto\" "
                          "is not text: invalid UTF-8 at byte 1 (a binary value cannot be sent to Omni)",
                          "uid=twomails,ou=odd,dc=example,dc=com: column \"userName\": attribute \"mail\" has 2 "
                          "values; the userName must be exactly one"));
}

TEST_F(LdapSourceTest, ReferralMakesTheSnapshotIncomplete) {
  auto o = options(*server_, OnError::skip);
  o.ldap.base_dn = "ou=partial,dc=example,dc=com";
  const auto snapshot = LdapSource(o).read();
  EXPECT_FALSE(snapshot.complete());
  ASSERT_EQ(snapshot.skipped.size(), 1u);
  EXPECT_THAT(snapshot.skipped[0].message,
              HasSubstr("met a referral to ldap://ldap.elsewhere.example.com/ou=elsewhere,dc=example,dc=com"));
}

// Its own server, killed after the first page: what was read must not be taken for the whole directory.
TEST(LdapSourceKilled, ServerKilledMidReadWithholdsEveryDeletion) {
  support::TempDir dir("oss-ldap-killed");
  support::write_private_file(dir / "password", kBindPassword);
  SlapdServer server(people_ldif(kPeople));
  source::SourceOptions o;
  o.type = source::SourceType::ldap;
  o.on_error = OnError::skip;
  o.ldap.url = server.ldaps_url();
  o.ldap.bind_dn = kSyncBindDn;
  o.ldap.bind_password_file = dir / "password";
  o.ldap.base_dn = kPeopleBase;
  o.ldap.ca_file = server.ca_file();
  o.ldap.page_size = 400;
  o.ldap.timeout = std::chrono::seconds(5);
  const auto kill_after_first_page = [&](int page) {
    if (page == 1) server.kill();
  };
  const auto snapshot = LdapSource(o, kill_after_first_page).read();
  EXPECT_FALSE(snapshot.complete());
  EXPECT_EQ(snapshot.users.size(), 400u);
  ASSERT_EQ(snapshot.skipped.size(), 1u);
  EXPECT_THAT(snapshot.skipped[0].message, HasSubstr("stopped at page 2: Can't contact LDAP server"));

  // Omni holds all 2,500; the plan from this snapshot, guarded as a cycle guards it, deletes no one.
  std::vector<model::RemoteUser> remote;
  for (std::size_t i = 0; i < kPeople; ++i) {
    model::User user;
    user.user_name = person_mail(i);
    user.display_name = "Person " + std::to_string(i);
    remote.push_back({"id-" + std::to_string(i), user});
  }
  guard::GuardPolicy generous;
  generous.max_deletes = kPeople;
  generous.max_delete_percent = 100;
  guard::GuardContext context;
  context.remote_users = remote.size();
  context.source_records = snapshot.users.size();
  context.source_complete = snapshot.complete();
  const auto plan = guard::apply_guards(plan::diff(snapshot.users, remote, plan::Policy{}), generous, context);
  for (const auto& operation : plan.operations) EXPECT_FALSE(std::holds_alternative<plan::Delete>(operation));
  EXPECT_EQ(plan.withheld.size(), kPeople - 400);
  EXPECT_TRUE(guard::trips_guard(plan));

  // Under on_error: fail the same cut is a failed read: nothing is planned at all.
  SlapdServer second(people_ldif(kPeople));
  o.on_error = OnError::fail;
  o.ldap.url = second.ldaps_url();
  o.ldap.ca_file = second.ca_file();
  try {
    LdapSource(o, [&](int page) { if (page == 1) second.kill(); }).read();
    FAIL() << "the read succeeded";
  } catch (const SourceFailure& failure) {
    EXPECT_THAT(failure.what(), HasSubstr("Can't contact LDAP server"));
  }
}

}  // namespace
}  // namespace oss::testing
