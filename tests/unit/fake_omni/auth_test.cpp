// Keys: whoami for both kinds, PATs refused by SCIM, bad/missing/revoked keys, whoami switched off.
#include <gtest/gtest.h>

#include "fake_omni_fixture.hpp"

namespace oss::fake_omni::testing {
namespace {

class AuthTest : public FakeOmniTest {};

TEST_F(AuthTest, WhoamiForAnOrganizationKey) {
  auto response = org_->get("/api/v1/whoami");
  ASSERT_EQ(response.result_int(), 200u);
  auto body = json_of(response);
  EXPECT_EQ(body.at("keyScope"), "organization");
  EXPECT_EQ(body.at("orgRole"), "ORG_ADMIN");
  EXPECT_EQ(body.at("user").at("id"), org_user_id_.c_str());
  EXPECT_FALSE(body.at("user").at("membershipId").as_string().empty());
}

TEST_F(AuthTest, WhoamiForAPatAndScimRefusesIt) {
  ScimCaller pat(*client_, kPat);
  EXPECT_EQ(json_of(pat.get("/api/v1/whoami")).at("keyScope"), "user");
  auto refused = pat.get(kUsers);
  EXPECT_EQ(refused.result_int(), 403u);
  auto body = json_of(refused);
  EXPECT_TRUE(body.as_object().contains("error"));
  EXPECT_TRUE(body.as_object().contains("message"));
  EXPECT_EQ(pat.post(kUsers, user_body("a@b.co", "A")).result_int(), 403u);
  EXPECT_EQ(server_.user_count(), 0u);
}

TEST_F(AuthTest, MissingMalformedAndUnknownKeysAre401) {
  EXPECT_EQ(client_->request("GET", kUsers).result_int(), 401u);
  EXPECT_EQ(client_->request("GET", kUsers, "", {{"Authorization", std::string("Basic ") + kOrgKey}}).result_int(), 401u);
  ScimCaller stranger(*client_, "not-a-key");
  auto response = stranger.get("/api/v1/whoami");
  EXPECT_EQ(response.result_int(), 401u);
  EXPECT_EQ(json_of(response).at("error"), "Unauthorized");
}

TEST_F(AuthTest, BearerSchemeIsCaseInsensitive) {
  auto response = client_->request("GET", "/api/v1/whoami", "", {{"Authorization", std::string("bearer ") + kOrgKey}});
  EXPECT_EQ(response.result_int(), 200u);
}

TEST_F(AuthTest, RevokedKeyIs401) {
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
  EXPECT_TRUE(server_.revoke_key(kOrgKey));
  EXPECT_EQ(org_->get(kUsers).result_int(), 401u);
}

TEST_F(AuthTest, DeletingTheKeysOwnUserRevokesTheKey) {
  FakeOmniServer server(TlsIdentity{shared_pki().server_cert_pem, shared_pki().server_key_pem},
                        FakeOmniOptions{100, std::nullopt, true, 3});
  std::string owner = server.seed_user({"admin@b.co", "Admin"});
  server.add_org_key("owned-key", owner);
  server.start();
  HttpsTestClient client(server.port(), shared_pki().ca_pem);
  ScimCaller caller(client, "owned-key");
  EXPECT_EQ(json_of(caller.get("/api/v1/whoami")).at("user").at("id"), owner.c_str());
  EXPECT_EQ(caller.del(std::string(kUsers) + "/" + owner).result_int(), 204u);
  EXPECT_EQ(caller.get(kUsers).result_int(), 401u);
}

TEST_F(AuthTest, OlderInstanceWithoutWhoami) {
  server_.set_whoami_available(false);
  auto response = org_->get("/api/v1/whoami");
  EXPECT_EQ(response.result_int(), 404u);
  EXPECT_NE(response.body().find("<html>"), std::string::npos);
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
}

}  // namespace
}  // namespace oss::fake_omni::testing
