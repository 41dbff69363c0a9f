#include "net/resolve_failure.hpp"

#include <gtest/gtest.h>

namespace oss::net {
namespace {

namespace error = boost::asio::error;

TEST(ResolveFailure, ANameThatDoesNotExistIsNotRetried) {
  EXPECT_FALSE(is_temporary_resolve_failure(error::host_not_found));
  EXPECT_FALSE(is_temporary_resolve_failure(error::no_data));
}

TEST(ResolveFailure, AResolverThatFailedForNowIsRetried) {
  EXPECT_TRUE(is_temporary_resolve_failure(error::host_not_found_try_again));
  EXPECT_TRUE(is_temporary_resolve_failure(error::no_recovery));
  EXPECT_TRUE(is_temporary_resolve_failure(error::timed_out));
}

}  // namespace
}  // namespace oss::net
