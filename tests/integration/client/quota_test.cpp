// The quota over real TLS: the fake server enforces a strict sliding window of 20 requests per 2 s, the
// client is configured with the same limit, 200 requests are queued at once. Zero 429s, and the quota used
// at >= 97 % once the first window's burst is over.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <algorithm>

#include "client_harness.hpp"

namespace oss::testing {
namespace {

constexpr std::size_t kLimit = 20;
constexpr auto kWindow = std::chrono::milliseconds(2000);
constexpr std::size_t kRequests = 200;

class QuotaTest : public ClientTest {
 protected:
  void SetUp() override {
    server_.set_rate_limit(fake_omni::RateLimit{kLimit, kWindow, fake_omni::RetryAfterStyle::seconds});
    options_.requests_per_minute = 600;  // 20 per 2 s
    options_.rate_window = kWindow;
    options_.max_in_flight = 4;
  }

  // Runs kRequests whoami calls at once and returns the achieved share of the limit, measured from the
  // server's own arrival times: the N - limit requests that arrived in [first arrival, arrival of request
  // N - limit + 1) over the length of that span. (The last limit requests form a final burst whose spread
  // depends on latency and max_in_flight, not on the quota, so they are not part of the rate.)
  double run_and_measure() {
    auto& s = stack();
    std::size_t done = 0;
    for (std::size_t i = 0; i < kRequests; ++i)
      boost::asio::co_spawn(s.io, s.client.whoami(), [&](std::exception_ptr error, auto) {
        EXPECT_FALSE(error);
        ++done;
      });
    s.io.run();
    EXPECT_EQ(done, kRequests);
    const auto requests = server_.requests();
    EXPECT_EQ(requests.size(), kRequests);
    std::size_t rate_limited = 0;
    for (const auto& r : requests) rate_limited += r.status == 429;
    EXPECT_EQ(rate_limited, 0u);
    std::vector<std::chrono::steady_clock::time_point> arrivals;
    for (const auto& r : requests) arrivals.push_back(r.arrival);
    std::sort(arrivals.begin(), arrivals.end());
    const double span_windows = std::chrono::duration<double>(arrivals[kRequests - kLimit] - arrivals.front()) /
                                std::chrono::duration<double>(kWindow);
    const double achieved = static_cast<double>(kRequests - kLimit) / span_windows / static_cast<double>(kLimit);
    std::printf("achieved %.3f of the limit over %.1f windows, %zu x 429\n", achieved, span_windows, rate_limited);
    return achieved;
  }
};

TEST_F(QuotaTest, UsesTheQuotaFullyWithoutA429) {
  const double achieved = run_and_measure();
  EXPECT_GE(achieved, 0.97);
  EXPECT_LE(achieved, 1.0);
}

TEST_F(QuotaTest, UsesTheQuotaFullyWhenTheServerIsSlow) {
  server_.faults().set_latency(std::chrono::milliseconds(300));  // slower than 60/rate = 100 ms
  const double achieved = run_and_measure();
  EXPECT_GE(achieved, 0.97);
  EXPECT_LE(achieved, 1.0);
}

}  // namespace
}  // namespace oss::testing
