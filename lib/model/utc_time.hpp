#pragma once
// One timestamp format for logs, the audit log and the lock file: 2026-11-28T10:00:00.123Z (UTC, ms).
#include <chrono>
#include <string>
#include <string_view>

namespace oss::model {

std::string utc_timestamp(std::chrono::system_clock::time_point time);

// Calendar days (grace periods) as ISO dates: "2026-12-04". parse_day is false for any other text and for days
// that do not exist ("2026-02-30").
std::string format_day(std::chrono::sys_days day);
bool parse_day(std::string_view text, std::chrono::sys_days& day);
// Today in UTC.
std::chrono::sys_days utc_today();

}  // namespace oss::model
