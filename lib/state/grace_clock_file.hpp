#pragma once
// The grace clock on disk (deprovision: deactivate_then_delete): the day each person gone from the source was
// first missed, so that they are deleted only once gone `delete_after_days`. state_dir/grace-clock.json, mode 0600,
// replaced atomically:
//   {"format": "omni-scim-sync grace clock", "version": 1,
//    "gone": [{"id": "<Omni id>", "userName": "…", "firstMissed": "2026-12-04"}, …]}
#include <chrono>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace oss::state {

inline constexpr const char* kGraceClockFile = "grace-clock.json";

struct MissedPerson {
  std::string id;
  std::string user_name;
  std::chrono::sys_days first_missed;
  friend bool operator==(const MissedPerson&, const MissedPerson&) = default;
};

struct LoadedGraceClock {
  std::vector<MissedPerson> people;
  bool found = false;     // a file was there
  std::string problem;    // non-empty: the file was there but cannot be trusted; `people` is empty
};

// Never throws for what the file holds: a clock that cannot be trusted restarts every grace period (it never
// shortens one), so the caller warns and carries on with `people` empty.
LoadedGraceClock load_grace_clock(const std::filesystem::path& state_dir);

// Throws std::system_error naming the file.
void save_grace_clock(const std::filesystem::path& state_dir, std::span<const MissedPerson> people);

}  // namespace oss::state
