#include "net/endpoint.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace oss::net {
namespace {

using ::testing::HasSubstr;

struct GoodUrl {
  const char* url;
  const char* host;
  const char* port;
  const char* base_path;
  const char* host_header;
};

class ParsesGoodUrl : public ::testing::TestWithParam<GoodUrl> {};

TEST_P(ParsesGoodUrl, IntoHostPortAndPrefix) {
  const auto& c = GetParam();
  const Endpoint endpoint = parse_base_url(c.url);
  EXPECT_EQ(endpoint.host, c.host);
  EXPECT_EQ(endpoint.port, c.port);
  EXPECT_EQ(endpoint.base_path, c.base_path);
  EXPECT_EQ(endpoint.host_header(), c.host_header);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParsesGoodUrl,
    ::testing::Values(GoodUrl{"https://blobsrus.omniapp.co", "blobsrus.omniapp.co", "443", "", "blobsrus.omniapp.co"},
                      GoodUrl{"https://blobsrus.omniapp.co/", "blobsrus.omniapp.co", "443", "", "blobsrus.omniapp.co"},
                      GoodUrl{"https://blobsrus.omniapp.co/api", "blobsrus.omniapp.co", "443", "", "blobsrus.omniapp.co"},
                      GoodUrl{"https://127.0.0.1:8443", "127.0.0.1", "8443", "", "127.0.0.1:8443"},
                      GoodUrl{"https://[::1]:8443/omni/", "::1", "8443", "/omni", "[::1]:8443"},
                      GoodUrl{"HTTPS://Example.com:443/x/api/", "Example.com", "443", "/x", "Example.com"}));

struct BadUrl {
  const char* url;
  const char* message;
};

class RefusesBadUrl : public ::testing::TestWithParam<BadUrl> {};

TEST_P(RefusesBadUrl, WithAMessageSayingWhy) {
  try {
    parse_base_url(GetParam().url);
    FAIL() << "accepted " << GetParam().url;
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr(GetParam().message));
  }
}

INSTANTIATE_TEST_SUITE_P(Table, RefusesBadUrl,
                         ::testing::Values(BadUrl{"http://blobsrus.omniapp.co", "http:// is refused"},
                                           BadUrl{"ftp://x.co", "unsupported scheme"},
                                           BadUrl{"blobsrus.omniapp.co", "not an absolute URL"},
                                           BadUrl{"https://user:pw@x.co", "user info"},
                                           BadUrl{"https://x.co/?a=1", "query or fragment"},
                                           BadUrl{"https://x.co/#f", "query or fragment"},
                                           BadUrl{"https://:443", "no host"}));

}  // namespace
}  // namespace oss::net
