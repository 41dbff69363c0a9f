// The SCIM client over real TLS against the fake Omni server: paging, writes, 409 adoption, key checks,
// certificate checks, 429s, 5xx and dropped connections.
#include <gmock/gmock.h>

#include "client_harness.hpp"
#include "net/transport_error.hpp"
#include "omni/http_error.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

model::User person(const std::string& user_name, const std::string& display_name) {
  model::User user;
  user.user_name = user_name;
  user.display_name = display_name;
  return user;
}

TEST_F(ClientTest, ListsEveryPageOf250Users) {
  for (int i = 0; i < 250; ++i) server_.seed_user({"user" + std::to_string(i) + "@example.com", "User " + std::to_string(i)});
  server_.seed_embed_user({"embedded@example.com", "Embedded"});
  auto& s = stack();
  const auto users = run(s.client.list_users());
  ASSERT_EQ(users.size(), 250u);
  EXPECT_EQ(users.front().user.user_name, "user0@example.com");
  EXPECT_EQ(users.back().user.user_name, "user249@example.com");
  EXPECT_EQ(server_.request_count("GET"), 3u);  // 100 + 100 + 50
}

TEST_F(ClientTest, AServerThatSendsShortPagesIsStillReadWhole) {
  for (int i = 0; i < 25; ++i) server_.seed_user({"u" + std::to_string(i) + "@example.com", "U"});
  server_.set_max_page_size(7);  // fewer than asked: the client must advance by what came back
  auto& s = stack();
  EXPECT_EQ(run(s.client.list_users()).size(), 25u);
  EXPECT_EQ(server_.request_count("GET"), 4u);
}

TEST_F(ClientTest, AWrongTotalResultsFailsTheListInsteadOfReturningAShortOne) {
  for (int i = 0; i < 120; ++i) server_.seed_user({"u" + std::to_string(i) + "@example.com", "U"});
  server_.faults().corrupt_next_lists(1, fake_omni::ListCorruption::wrong_total);
  auto& s = stack();
  EXPECT_THROW(run(s.client.list_users()), std::runtime_error);
}

// A list of the users that must fail: its error's text.
class RefusedListTest : public ClientTest {
 protected:
  std::string list_error() {
    try {
      run(stack().client.list_users());
    } catch (const std::runtime_error& error) {
      return error.what();
    }
    ADD_FAILURE() << "the list was read";
    return {};
  }
};

TEST_F(RefusedListTest, ATotalBeyondAnyOrganisationIsRefusedAtTheFirstPage) {
  for (int i = 0; i < 40; ++i) server_.seed_user({"u" + std::to_string(i) + "@example.com", "U"});
  server_.set_max_page_size(1);
  server_.faults().corrupt_next_lists(1000, fake_omni::ListCorruption::huge_total);
  EXPECT_THAT(list_error(), HasSubstr("Omni says it holds 1000000000000000 users"));
  EXPECT_EQ(server_.request_count("GET"), 1u);
}

TEST_F(RefusedListTest, AListOfFarShorterPagesThanAskedStopsAtItsPageBudget) {
  // page_size 100: 40 users need one page; a server sending one a page may take ten, then the list is refused.
  for (int i = 0; i < 40; ++i) server_.seed_user({"u" + std::to_string(i) + "@example.com", "U"});
  server_.set_max_page_size(1);
  EXPECT_THAT(list_error(), HasSubstr("the user list took more than 11 pages for totalResults 40"));
  EXPECT_EQ(server_.request_count("GET"), 11u);
}

TEST_F(ClientTest, CreatesPatchesDeactivatesAndDeletes) {
  auto& s = stack();
  model::User ada = person("ada@example.com", "Ada");
  ada.attributes.set("region", std::string("eu"));
  const auto created = run(s.client.create(ada));
  EXPECT_FALSE(created.adopted);
  EXPECT_EQ(created.status, 201);
  ASSERT_TRUE(server_.find_user("ada@example.com"));

  plan::Update update;
  update.id = created.user.id;
  update.user_name = "ada@example.com";
  update.display_name = std::pair<std::string, std::string>{"Ada", "Ada Lovelace"};
  update.attributes.push_back({"region", model::AttributeValue{std::string("eu")}, std::nullopt});
  EXPECT_EQ(run(s.client.patch(update)), 200);
  auto stored = fake_omni::to_remote_user(*server_.find_user("ada@example.com"));
  EXPECT_EQ(stored.user.display_name, "Ada Lovelace");
  EXPECT_TRUE(stored.user.attributes.empty());  // null cleared it

  EXPECT_EQ(run(s.client.deactivate(created.user.id)), 200);
  EXPECT_FALSE(server_.find_user("ada@example.com")->active);

  EXPECT_EQ(run(s.client.remove(created.user.id)), 204);
  EXPECT_FALSE(server_.find_user("ada@example.com"));
  EXPECT_EQ(run(s.client.remove(created.user.id)), 404);  // gone meanwhile: reported, not thrown
}

TEST_F(ClientTest, ACreateThatMeetsAnExistingUserAdoptsIt) {
  const std::string id = server_.seed_user({"Grace@Example.com", "Grace"});
  auto& s = stack();
  const auto created = run(s.client.create(person("grace@example.com", "Grace Hopper")));
  EXPECT_TRUE(created.adopted);
  EXPECT_EQ(created.status, 409);
  EXPECT_EQ(created.user.id, id);
  EXPECT_EQ(server_.user_count(), 1u);
}

TEST_F(ClientTest, APostWhoseAnswerWasLostIsRetriedAndTheCreatedUserAdopted) {
  server_.faults().drop_next(1, fake_omni::DropPoint::after_handling);  // applied, but the answer never came
  auto& s = stack();
  const auto created = run(s.client.create(person("lin@example.com", "Lin")));
  EXPECT_TRUE(created.adopted);
  EXPECT_EQ(server_.user_count(), 1u);  // not created twice
  EXPECT_EQ(created.user.id, server_.find_user("lin@example.com")->id);
}

TEST_F(ClientTest, WhoamiReportsAnOrganizationKeyAndItsUser) {
  auto& s = stack();
  const auto who = run(s.client.whoami());
  ASSERT_TRUE(who);
  EXPECT_EQ(who->key_scope, "organization");
  EXPECT_EQ(who->user_id, own_user_id_);
  const auto authorization = server_.requests().at(0).header("Authorization");
  EXPECT_EQ(authorization, std::string("Bearer ") + kOrgKey);
}

TEST_F(ClientTest, APersonalAccessTokenIsRefusedBeforeAnyScimCall) {
  auto& s = stack(kPat);
  try {
    run(s.client.whoami());
    FAIL() << "a PAT was accepted";
  } catch (const omni::KeyRefused& error) {
    EXPECT_THAT(error.what(), HasSubstr("personal access token"));
    EXPECT_THAT(error.what(), HasSubstr("organization API key"));
    EXPECT_THAT(error.what(), ::testing::Not(HasSubstr(kPat)));
  }
  EXPECT_EQ(scim_requests(), 0u);
}

TEST_F(ClientTest, WithoutWhoamiAPatIsCaughtByTheFirstScimCall) {
  server_.set_whoami_available(false);
  auto& s = stack(kPat);
  EXPECT_FALSE(run(s.client.whoami()));  // an older instance: tolerated
  EXPECT_THROW(run(s.client.list_users()), omni::KeyRefused);
  EXPECT_EQ(server_.request_count("POST"), 0u);
}

TEST_F(ClientTest, ARevokedKeyIsReportedAsRefused) {
  server_.revoke_key(kOrgKey);
  auto& s = stack();
  EXPECT_THROW(run(s.client.list_users()), omni::KeyRefused);
}

TEST_F(ClientTest, A429WithRetryAfterIsWaitedOutAndTheRequestSucceeds) {
  server_.set_rate_limit(fake_omni::RateLimit{3, std::chrono::milliseconds(1000), fake_omni::RetryAfterStyle::seconds});
  auto& s = stack();  // the client thinks it may send 100 a second: the server disagrees
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) run(s.client.whoami());
  EXPECT_GE(s.scheduler.stats().rate_limited, 1u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
}

TEST_F(ClientTest, A429WithoutRetryAfterBacksOffAndSucceeds) {
  server_.set_rate_limit(fake_omni::RateLimit{3, std::chrono::milliseconds(500), fake_omni::RetryAfterStyle::none});
  auto& s = stack();
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(run(s.client.whoami()));
  EXPECT_GE(s.scheduler.stats().rate_limited, 1u);
}

TEST_F(ClientTest, A429WithAnHttpDateIsWaitedOut) {
  server_.set_rate_limit(fake_omni::RateLimit{2, std::chrono::milliseconds(1000), fake_omni::RetryAfterStyle::http_date});
  auto& s = stack();
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(run(s.client.whoami()));
  EXPECT_GE(s.scheduler.stats().rate_limited, 1u);
}

TEST_F(ClientTest, ServiceUnavailableIsRetried) {
  server_.seed_user({"a@example.com", "A"});
  server_.faults().fail_next(2, 503);
  auto& s = stack();
  EXPECT_EQ(run(s.client.list_users()).size(), 1u);
  EXPECT_EQ(s.scheduler.stats().retries, 2u);
}

TEST_F(ClientTest, ADroppedConnectionIsRetried) {
  server_.seed_user({"a@example.com", "A"});
  server_.faults().drop_next(2, fake_omni::DropPoint::before_handling);
  auto& s = stack();
  EXPECT_EQ(run(s.client.list_users()).size(), 1u);
}

TEST_F(ClientTest, RetriesRunningOutIsReportedWithTheStatus) {
  server_.faults().fail_next(100, 503);
  auto& s = stack();
  try {
    run(s.client.list_users());
    FAIL() << "no error";
  } catch (const omni::HttpError& error) {
    EXPECT_EQ(error.status, 503);
    EXPECT_THAT(error.what(), HasSubstr("GET /api/scim/v2/users"));
  }
  EXPECT_EQ(server_.request_count("GET"), 4u);  // the try and max_retries = 3 retries
}

TEST_F(ClientTest, KeepAliveConnectionsAreReused) {
  auto& s = stack();
  for (int i = 0; i < 10; ++i) run(s.client.whoami());
  EXPECT_EQ(s.transport.connections_opened(), 1u);
}

TEST_F(ClientTest, AnIdleConnectionTheServerClosedIsReopenedOnceForAGet) {
  auto& s = stack();
  run(s.client.whoami());
  // The kept-alive connection is closed by the server before it answers the next request.
  server_.faults().drop_next(1, fake_omni::DropPoint::before_handling);
  EXPECT_TRUE(run(s.client.whoami()));
  EXPECT_EQ(s.scheduler.stats().retries, 0u);  // transparent: not a scheduler retry
  EXPECT_EQ(s.transport.connections_opened(), 2u);
}

TEST_F(ClientTest, APostOnAConnectionTheServerClosedIsNotResentTransparently) {
  auto& s = stack();
  run(s.client.whoami());
  server_.faults().drop_next(1, fake_omni::DropPoint::before_handling);
  const auto created = run(s.client.create(person("new@example.com", "New")));
  EXPECT_FALSE(created.adopted);
  // The scheduler retried it as a dropped connection (counted against the quota), not the connection layer.
  EXPECT_EQ(s.scheduler.stats().retries, 1u);
  EXPECT_EQ(server_.user_count(), 1u);
}

TEST_F(ClientTest, AnUntrustedCaIsRefused) {
  support::write_file(dir_ / "other-ca.pem", support::make_test_pki().ca_pem);
  options_.ca_file = dir_ / "other-ca.pem";
  auto& s = stack();
  try {
    run(s.client.whoami());
    FAIL() << "a certificate from an unknown CA was accepted";
  } catch (const net::TransportError& error) {
    EXPECT_FALSE(error.retryable());
    EXPECT_THAT(error.what(), HasSubstr("certificate of 127.0.0.1"));
    EXPECT_THAT(error.what(), HasSubstr("refused"));
  }
  EXPECT_EQ(server_.requests().size(), 0u);  // the key never left the client
}

class WrongHostTest : public ClientTest {
 protected:
  WrongHostTest() : ClientTest(wrong_host_pki()) {}
  static const support::TestPki& wrong_host_pki() {
    static const support::TestPki pki = [] {
      support::TestPki p = shared_pki();
      support::LeafOptions options;
      options.subject_alt_names = {"DNS:omni.example.com"};
      options.common_name = "omni.example.com";
      // Same CA, so only the name is wrong.
      const auto leaf = support::make_leaf_certificate({p.ca_pem, p.ca_key_pem}, options);
      p.server_cert_pem = leaf.certificate_pem;
      p.server_key_pem = leaf.private_key_pem;
      return p;
    }();
    return pki;
  }
};

TEST_F(WrongHostTest, ACertificateForAnotherHostIsRefused) {
  auto& s = stack();
  try {
    run(s.client.whoami());
    FAIL() << "a certificate for another host was accepted";
  } catch (const net::TransportError& error) {
    EXPECT_THAT(error.what(), HasSubstr("hostname mismatch"));
  }
  EXPECT_EQ(server_.requests().size(), 0u);
}

class ExpiredCertificateTest : public ClientTest {
 protected:
  ExpiredCertificateTest() : ClientTest(expired_pki()) {}
  static const support::TestPki& expired_pki() {
    static const support::TestPki pki = [] {
      support::TestPki p = shared_pki();
      support::LeafOptions options;
      options.not_before_offset = -std::chrono::hours(48);
      options.not_after_offset = -std::chrono::hours(24);
      const auto leaf = support::make_leaf_certificate({p.ca_pem, p.ca_key_pem}, options);
      p.server_cert_pem = leaf.certificate_pem;
      p.server_key_pem = leaf.private_key_pem;
      return p;
    }();
    return pki;
  }
};

TEST_F(ExpiredCertificateTest, AnExpiredCertificateIsRefused) {
  auto& s = stack();
  try {
    run(s.client.whoami());
    FAIL() << "an expired certificate was accepted";
  } catch (const net::TransportError& error) {
    EXPECT_THAT(error.what(), HasSubstr("expired"));
  }
}

}  // namespace
}  // namespace oss::testing
