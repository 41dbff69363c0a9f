#include "model/utc_time.hpp"

#include <cstdio>
#include <ctime>

namespace oss::model {

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  const auto whole = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  ::gmtime_r(&whole, &utc);
  char text[64];  // roomy enough for any year gmtime_r can produce
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(milliseconds));
  return text;
}

}  // namespace oss::model
