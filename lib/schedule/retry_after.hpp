#pragma once
// The Retry-After header (RFC 9110 section 10.2.3): how long the server asks us to wait.
#include <chrono>
#include <optional>
#include <string_view>

namespace oss::schedule {

// Waits longer than this are treated as this: a broken or hostile header must not stall the sync for days.
inline constexpr std::chrono::seconds kMaxRetryAfter{3600};

// Delta-seconds ("120") or an HTTP-date: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), and the obsolete
// RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994") forms. A date in the
// past gives 0; anything else (empty, negative, fractions, garbage) gives nullopt. Parsed by hand: no locale.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace oss::schedule
