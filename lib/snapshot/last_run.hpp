#pragma once
// Facts about the last run that read a complete source and applied without failures, kept in
// state_dir/last-run.json. The shrink guard compares the next source against them: a source that suddenly
// lists far fewer people is more likely broken than a mass departure.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace oss::snapshot {

struct LastRun {
  std::size_t source_records = 0;
  std::size_t remote_users = 0;
  std::int64_t finished_unix = 0;  // seconds since the epoch
  friend bool operator==(const LastRun&, const LastRun&) = default;
};

inline constexpr const char* kLastRunFile = "last-run.json";

// nullopt when there is no last-run.json yet (the first run). A file that cannot be read or is not what
// save_last_run writes throws std::runtime_error naming the file: the caller decides whether to go on without it.
std::optional<LastRun> load_last_run(const std::filesystem::path& state_dir);

// Writes last-run.json atomically with mode 0600, creating state_dir with mode 0700 if it is missing.
// Throws std::system_error naming the file.
void save_last_run(const std::filesystem::path& state_dir, const LastRun& last_run);

}  // namespace oss::snapshot
