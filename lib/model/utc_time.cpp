#include "model/utc_time.hpp"

#include <charconv>
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

namespace {
bool parse_number(std::string_view text, int& number) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  return error == std::errc() && end == text.data() + text.size();
}
}  // namespace

std::string format_day(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

bool parse_day(std::string_view text, std::chrono::sys_days& day) {
  int year = 0, month = 0, day_of_month = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!parse_number(text.substr(0, 4), year) || !parse_number(text.substr(5, 2), month) ||
      !parse_number(text.substr(8, 2), day_of_month))
    return false;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day_of_month))};
  if (!date.ok()) return false;
  day = std::chrono::sys_days(date);
  return true;
}

std::chrono::sys_days utc_today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

}  // namespace oss::model
