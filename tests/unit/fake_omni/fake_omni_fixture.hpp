#pragma once
// A running fake Omni server with one organization key and one PAT, and a verifying client for it.
#include <gtest/gtest.h>

#include <memory>

#include "fake_omni/fake_omni_server.hpp"
#include "https_test_client.hpp"
#include "support/test_pki.hpp"

namespace oss::fake_omni::testing {

inline constexpr const char* kOrgKey = "org-key-0123456789";
inline constexpr const char* kPat = "pat-key-9876543210";
inline constexpr const char* kUsers = "/api/scim/v2/users";

// One CA and certificate for the whole test program: key generation is the slow part.
inline const support::TestPki& shared_pki() {
  static const support::TestPki pki = support::make_test_pki();
  return pki;
}

inline std::string user_body(const std::string& user_name, const std::string& display_name,
                             const std::string& extra = "") {
  return R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:omni:params:1.0:UserAttribute"],)"
         R"("userName":")" + user_name + R"(","displayName":")" + display_name + "\"" + extra + "}";
}

class FakeOmniTest : public ::testing::Test {
 protected:
  // No rate limit unless a test sets one: most tests are about other things.
  explicit FakeOmniTest(FakeOmniOptions options = {std::size_t{100}, std::nullopt, true, 7})
      : server_(TlsIdentity{shared_pki().server_cert_pem, shared_pki().server_key_pem}, options) {
    org_user_id_ = server_.add_org_key(kOrgKey);
    server_.add_pat(kPat);
    server_.start();
    client_ = std::make_unique<HttpsTestClient>(server_.port(), shared_pki().ca_pem);
    org_ = std::make_unique<ScimCaller>(*client_, kOrgKey);
  }

  std::string create_user(const std::string& user_name, const std::string& display_name = "Someone") {
    auto response = org_->post(kUsers, user_body(user_name, display_name));
    EXPECT_EQ(response.result_int(), 201u) << response.body();
    return std::string(json_of(response).at("id").as_string());
  }

  FakeOmniServer server_;
  std::string org_user_id_;
  std::unique_ptr<HttpsTestClient> client_;
  std::unique_ptr<ScimCaller> org_;
};

}  // namespace oss::fake_omni::testing
