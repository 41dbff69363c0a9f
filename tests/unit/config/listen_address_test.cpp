#include <gtest/gtest.h>

#include "config/listen_address.hpp"

namespace oss::config {
namespace {

TEST(ListenAddress, AcceptsHostPortAndBracketedIpv6) {
  for (const char* good : {"127.0.0.1:9464", "0.0.0.0:1", "localhost:9464", "[::1]:9464", "[::]:65535"})
    EXPECT_EQ(listen_address_problem(good), std::nullopt) << good;
}

TEST(ListenAddress, SaysWhatIsWrong) {
  EXPECT_NE(listen_address_problem("127.0.0.1")->find("port is missing"), std::string::npos);
  EXPECT_NE(listen_address_problem("127.0.0.1:")->find("port is missing"), std::string::npos);
  EXPECT_NE(listen_address_problem(":9464")->find("host is missing"), std::string::npos);
  EXPECT_NE(listen_address_problem("127.0.0.1:0")->find("1 to 65535"), std::string::npos);
  EXPECT_NE(listen_address_problem("127.0.0.1:70000")->find("1 to 65535"), std::string::npos);
  EXPECT_NE(listen_address_problem("me@127.0.0.1:9464")->find("user info"), std::string::npos);
  EXPECT_TRUE(listen_address_problem("::1:9464").has_value());  // IPv6 needs brackets
  EXPECT_TRUE(listen_address_problem("127.0.0.1:http").has_value());
}

}  // namespace
}  // namespace oss::config
