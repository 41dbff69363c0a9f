// The record of requests and the /_fake/ control endpoints.
#include <gtest/gtest.h>

#include "fake_omni_fixture.hpp"

namespace oss::fake_omni::testing {
namespace {

class RequestRecordTest : public FakeOmniTest {};

TEST_F(RequestRecordTest, RecordsMethodTargetHeadersBodyAndStatus) {
  std::string body = user_body("a@b.co", "A");
  org_->post(kUsers, body);
  org_->get(std::string(kUsers) + "?startIndex=1&count=100");
  ScimCaller stranger(*client_, "bad");
  stranger.get(kUsers);
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, kUsers);
  EXPECT_EQ(requests[0].header("authorization"), std::string("Bearer ") + kOrgKey);
  EXPECT_EQ(requests[0].header("Content-Type"), "application/scim+json");
  EXPECT_EQ(requests[0].body, body);
  EXPECT_EQ(requests[0].status, 201u);
  EXPECT_EQ(requests[0].auth, "accepted");
  EXPECT_EQ(requests[1].path(), kUsers);
  EXPECT_EQ(requests[1].target, std::string(kUsers) + "?startIndex=1&count=100");
  EXPECT_EQ(requests[2].status, 401u);
  EXPECT_EQ(requests[2].auth, "unknown");
  EXPECT_LE(requests[0].arrival, requests[1].arrival);
  EXPECT_EQ(server_.request_count("GET"), 2u);
  EXPECT_EQ(server_.request_count("POST"), 1u);
  EXPECT_EQ(server_.request_log().count("GET", "/api/scim/v2/users?"), 1u);
  server_.clear_requests();
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(RequestRecordTest, ControlEndpointsNeedNoKeyAndAreNotRecorded) {
  std::string id = create_user("a@b.co", "A");
  org_->get("/api/v1/whoami");
  auto users = client_->request("GET", "/_fake/users");
  ASSERT_EQ(users.result_int(), 200u);
  auto list = json_of(users).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id"), id.c_str());
  auto requests = json_of(client_->request("GET", "/_fake/requests")).as_array();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].at("method"), "POST");
  EXPECT_EQ(requests[0].at("status"), 201);
  EXPECT_EQ(requests[1].at("target"), "/api/v1/whoami");
  EXPECT_EQ(requests[1].at("auth"), "accepted");
  EXPECT_FALSE(requests[0].as_object().contains("body"));
  // Keys never appear in the control output.
  EXPECT_EQ(client_->request("GET", "/_fake/requests").body().find(kOrgKey), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(RequestRecordTest, ControlEndpointsIgnoreTheRateLimit) {
  server_.set_rate_limit(RateLimit{1, std::chrono::milliseconds(60'000), RetryAfterStyle::seconds});
  org_->get(kUsers);
  EXPECT_EQ(org_->get(kUsers).result_int(), 429u);
  EXPECT_EQ(client_->request("GET", "/_fake/users").result_int(), 200u);
}

}  // namespace
}  // namespace oss::fake_omni::testing
