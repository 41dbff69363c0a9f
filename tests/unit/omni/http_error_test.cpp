#include <gtest/gtest.h>

#include "omni/http_error.hpp"

namespace oss::omni {
namespace {

TEST(HttpError, MessageHasMethodTargetStatusAndDetail) {
  const HttpError error("POST", "/api/scim/v2/users", 409,
                        R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409",
                            "detail":"User with this email already exists"})",
                        "application/scim+json");
  EXPECT_STREQ(error.what(), "POST /api/scim/v2/users: 409 Conflict: User with this email already exists");
  EXPECT_EQ(error.status, 409);
  EXPECT_EQ(error.method, "POST");
  EXPECT_EQ(error.target, "/api/scim/v2/users");
  EXPECT_EQ(error.detail, "User with this email already exists");
}

TEST(HttpError, EmptyBodyLeavesOnlyTheStatus) {
  const HttpError error("DELETE", "/api/scim/v2/users/1", 503, "", "");
  EXPECT_STREQ(error.what(), "DELETE /api/scim/v2/users/1: 503 Service Unavailable");
  EXPECT_EQ(error.detail, "");
}

TEST(HttpError, ProxyPageIsReadable) {
  const HttpError error("GET", "/api/scim/v2/users?startIndex=1", 502,
                        "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");
  EXPECT_STREQ(error.what(), "GET /api/scim/v2/users?startIndex=1: 502 Bad Gateway: 502 Bad Gateway");
}

TEST(HttpError, IsARuntimeError) {
  try {
    throw HttpError("PATCH", "/x", 400, std::string("bad op"));
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "PATCH /x: 400 Bad Request: bad op");
  }
}

TEST(StatusText, KnownAndUnknownStatuses) {
  EXPECT_EQ(status_text(429), "429 Too Many Requests");
  EXPECT_EQ(status_text(404), "404 Not Found");
  EXPECT_EQ(status_text(299), "299");
  EXPECT_EQ(status_text(1000), "1000");
  EXPECT_EQ(status_text(0), "0");
  EXPECT_EQ(status_text(-1), "-1");
}

}  // namespace
}  // namespace oss::omni
