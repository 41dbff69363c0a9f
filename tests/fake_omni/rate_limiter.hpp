#pragma once
// A strict sliding window per key: at most max_requests arrivals in ANY window of `window` length, arrivals
// timed by the server's clock once the request has been read. Requests it rejects (429) are not counted, so
// a client that backs off correctly is never punished for having asked. Not thread-safe (FakeOmni locks).
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

namespace oss::fake_omni {

// How a 429 tells the client when to come back.
enum class RetryAfterStyle { seconds, http_date, none };

struct RateLimit {
  std::size_t max_requests = 60;
  std::chrono::milliseconds window{60'000};
  RetryAfterStyle retry_after = RetryAfterStyle::seconds;
};

class SlidingWindowLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  struct Decision {
    bool admitted = true;
    std::chrono::milliseconds retry_after{0};  // when rejected: until the oldest arrival leaves the window
  };

  // nullopt: no limit at all. Changing the limit keeps the arrivals already counted.
  void set_limit(std::optional<RateLimit> limit) { limit_ = limit; }
  [[nodiscard]] const std::optional<RateLimit>& limit() const { return limit_; }
  // Counts the arrival when admitted.
  Decision admit(const std::string& key, Clock::time_point arrival);
  void clear() { arrivals_.clear(); }

 private:
  std::optional<RateLimit> limit_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> arrivals_;
};

// The Retry-After header value for a wait: whole seconds rounded up, or an IMF-fixdate (RFC 9110) that far in
// the future, or nullopt for RetryAfterStyle::none.
std::optional<std::string> retry_after_value(RetryAfterStyle style, std::chrono::milliseconds wait,
                                             std::chrono::system_clock::time_point now);

}  // namespace oss::fake_omni
