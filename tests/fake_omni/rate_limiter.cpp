#include "rate_limiter.hpp"

#include <ctime>

namespace oss::fake_omni {

SlidingWindowLimiter::Decision SlidingWindowLimiter::admit(const std::string& key, Clock::time_point arrival) {
  if (!limit_) return {};
  auto& times = arrivals_[key];
  // The window is (arrival - window, arrival]: an arrival exactly one window ago has left it.
  while (!times.empty() && times.front() <= arrival - limit_->window) times.pop_front();
  if (times.size() < limit_->max_requests) {
    times.push_back(arrival);
    return {};
  }
  auto frees_at = times[times.size() - limit_->max_requests] + limit_->window;
  return {false, std::chrono::ceil<std::chrono::milliseconds>(frees_at - arrival)};
}

std::optional<std::string> retry_after_value(RetryAfterStyle style, std::chrono::milliseconds wait,
                                             std::chrono::system_clock::time_point now) {
  // Rounded up: a client that waits exactly the advertised time must then be admitted.
  auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  switch (style) {
    case RetryAfterStyle::none:
      return std::nullopt;
    case RetryAfterStyle::seconds:
      return std::to_string(seconds.count());
    case RetryAfterStyle::http_date: {
      // An HTTP date has whole seconds; one more second keeps it from landing before the slot frees.
      auto when = std::chrono::floor<std::chrono::seconds>(now) + seconds + std::chrono::seconds(1);
      std::time_t t = std::chrono::system_clock::to_time_t(when);
      std::tm utc{};
      gmtime_r(&t, &utc);
      char text[64];
      std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
      return std::string(text);
    }
  }
  return std::nullopt;
}

}  // namespace oss::fake_omni
