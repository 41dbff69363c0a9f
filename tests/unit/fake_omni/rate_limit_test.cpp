// The sliding window: exact arithmetic on synthetic times, then 429s over real TLS in every Retry-After style.
#include <gtest/gtest.h>

#include <thread>

#include "fake_omni/rate_limiter.hpp"
#include "fake_omni_fixture.hpp"

namespace oss::fake_omni::testing {
namespace {

using namespace std::chrono_literals;
using Clock = SlidingWindowLimiter::Clock;

TEST(SlidingWindowLimiter, AdmitsNInAnyWindowAndSaysWhenTheNextSlotFrees) {
  SlidingWindowLimiter limiter;
  limiter.set_limit(RateLimit{3, 1000ms, RetryAfterStyle::seconds});
  Clock::time_point t0{};
  EXPECT_TRUE(limiter.admit("k", t0).admitted);
  EXPECT_TRUE(limiter.admit("k", t0 + 100ms).admitted);
  EXPECT_TRUE(limiter.admit("k", t0 + 200ms).admitted);
  auto rejected = limiter.admit("k", t0 + 300ms);
  EXPECT_FALSE(rejected.admitted);
  EXPECT_EQ(rejected.retry_after, 700ms);
  // Rejected arrivals are not counted: at t0+1000 the first arrival has left the window (it is half-open).
  EXPECT_FALSE(limiter.admit("k", t0 + 999ms).admitted);
  EXPECT_TRUE(limiter.admit("k", t0 + 1000ms).admitted);
  EXPECT_FALSE(limiter.admit("k", t0 + 1050ms).admitted);
  // Keys are counted separately.
  EXPECT_TRUE(limiter.admit("other", t0 + 1050ms).admitted);
}

TEST(SlidingWindowLimiter, SlidingNotFixed) {
  // A fixed window would allow 2 at 900ms and 2 more at 1000ms; a sliding one refuses the third.
  SlidingWindowLimiter limiter;
  limiter.set_limit(RateLimit{2, 1000ms, RetryAfterStyle::none});
  Clock::time_point t0{};
  EXPECT_TRUE(limiter.admit("k", t0 + 900ms).admitted);
  EXPECT_TRUE(limiter.admit("k", t0 + 950ms).admitted);
  EXPECT_FALSE(limiter.admit("k", t0 + 1000ms).admitted);
  EXPECT_TRUE(limiter.admit("k", t0 + 1900ms).admitted);
}

TEST(RetryAfterValue, SecondsRoundUpAndDatesAreImfFixdate) {
  auto now = std::chrono::system_clock::time_point{} + std::chrono::seconds(784111777);  // 1994-11-06 08:49:37 UTC
  EXPECT_EQ(retry_after_value(RetryAfterStyle::seconds, 1001ms, now), "2");
  EXPECT_EQ(retry_after_value(RetryAfterStyle::seconds, 3000ms, now), "3");
  EXPECT_EQ(retry_after_value(RetryAfterStyle::http_date, 2000ms, now), "Sun, 06 Nov 1994 08:49:40 GMT");
  EXPECT_EQ(retry_after_value(RetryAfterStyle::none, 2000ms, now), std::nullopt);
}

class RateLimitTest : public FakeOmniTest {
 protected:
  // Sends requests until the first 429 and returns how many were admitted before it.
  std::pair<int, HttpResponse> admitted_until_429(int max_tries) {
    for (int i = 0; i < max_tries; ++i) {
      auto response = i % 2 == 0 ? org_->get("/api/v1/whoami") : org_->get(kUsers);
      if (response.result_int() == 429) return {i, response};
    }
    return {max_tries, {}};
  }
};

TEST_F(RateLimitTest, Over429WithRetryAfterSeconds) {
  server_.set_rate_limit(RateLimit{5, 60'000ms, RetryAfterStyle::seconds});
  auto [admitted, rejected] = admitted_until_429(20);
  EXPECT_EQ(admitted, 5);  // whoami counts like any other endpoint
  ASSERT_EQ(rejected.result_int(), 429u);
  int seconds = std::stoi(std::string(rejected[boost::beast::http::field::retry_after]));
  EXPECT_GE(seconds, 59);
  EXPECT_LE(seconds, 60);
  EXPECT_EQ(json_of(rejected).at("error"), "Too Many Requests");
  // Another key has its own window.
  ScimCaller pat(*client_, kPat);
  EXPECT_EQ(pat.get("/api/v1/whoami").result_int(), 200u);
}

TEST_F(RateLimitTest, WithoutRetryAfterAndWithAnHttpDate) {
  server_.set_rate_limit(RateLimit{2, 60'000ms, RetryAfterStyle::none});
  auto [admitted, rejected] = admitted_until_429(5);
  EXPECT_EQ(admitted, 2);
  EXPECT_EQ(rejected.count(boost::beast::http::field::retry_after), 0u);
  server_.set_rate_limit(RateLimit{2, 60'000ms, RetryAfterStyle::http_date});
  auto dated = org_->get(kUsers);
  ASSERT_EQ(dated.result_int(), 429u);
  std::string value(dated[boost::beast::http::field::retry_after]);
  EXPECT_TRUE(value.ends_with(" GMT")) << value;
  EXPECT_EQ(value.size(), std::string("Sun, 06 Nov 1994 08:49:37 GMT").size()) << value;
}

TEST_F(RateLimitTest, TheWindowSlides) {
  server_.set_rate_limit(RateLimit{3, 300ms, RetryAfterStyle::seconds});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
  EXPECT_EQ(org_->get(kUsers).result_int(), 429u);
  std::this_thread::sleep_for(350ms);
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
  // 429s are recorded too, so a test can count what a client really sent.
  EXPECT_EQ(server_.request_count("GET"), 5u);
}

TEST_F(RateLimitTest, UnauthenticatedRequestsDoNotSpendTheKeysBudget) {
  server_.set_rate_limit(RateLimit{2, 60'000ms, RetryAfterStyle::seconds});
  ScimCaller stranger(*client_, "nope");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(stranger.get(kUsers).result_int(), 401u);
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
  EXPECT_EQ(org_->get(kUsers).result_int(), 429u);
}

}  // namespace
}  // namespace oss::fake_omni::testing
