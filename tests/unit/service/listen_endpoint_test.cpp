#include <gtest/gtest.h>

#include "service/listen_endpoint.hpp"

namespace oss::service {
namespace {

namespace ip = boost::asio::ip;

TEST(ListenEndpoint, ParsesV4V6AndNames) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:9464"), ip::tcp::endpoint(ip::make_address("127.0.0.1"), 9464));
  EXPECT_EQ(parse_listen_address("[::1]:80"), ip::tcp::endpoint(ip::make_address("::1"), 80));
  EXPECT_EQ(parse_listen_address("0.0.0.0:9464").address(), ip::make_address("0.0.0.0"));
  EXPECT_TRUE(parse_listen_address("localhost:9464").address().is_loopback());
}

TEST(ListenEndpoint, RejectsWhatTheConfigurationWouldReject) {
  EXPECT_THROW(parse_listen_address("127.0.0.1"), std::runtime_error);
  EXPECT_THROW(parse_listen_address("127.0.0.1:0"), std::runtime_error);
  EXPECT_THROW(parse_listen_address("host.invalid:9464"), std::runtime_error);
}

TEST(ListenEndpoint, ProbeGoesThroughLoopbackForWildcards) {
  EXPECT_EQ(probe_endpoint(parse_listen_address("0.0.0.0:9464")), ip::tcp::endpoint(ip::make_address("127.0.0.1"), 9464));
  EXPECT_EQ(probe_endpoint(parse_listen_address("[::]:9464")), ip::tcp::endpoint(ip::make_address("::1"), 9464));
  EXPECT_EQ(probe_endpoint(parse_listen_address("192.0.2.7:1")), ip::tcp::endpoint(ip::make_address("192.0.2.7"), 1));
}

}  // namespace
}  // namespace oss::service
