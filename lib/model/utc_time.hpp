#pragma once
// One timestamp format for logs, the audit log and the lock file: 2026-11-28T10:00:00.123Z (UTC, ms).
#include <chrono>
#include <string>

namespace oss::model {

std::string utc_timestamp(std::chrono::system_clock::time_point time);

}  // namespace oss::model
