#pragma once
// The remote cache on disk: state_dir/remote-cache.jsonl, JSON Lines, mode 0600, replaced atomically.
//   line 1   {"format": "omni-scim-sync remote cache", "version": 1, "baseUrl": …, "keyOwner": …,
//             "listedAt": <unix seconds>, "users": <count>, "groups": <count, or null when groups were not read>}
//   then     one SCIM user resource per line (omni::encode_user_resource), exactly `users` of them
//   then     one SCIM group resource per line (omni::encode_group_resource), exactly `groups` of them
// The counts make a truncated file fail to load instead of looking like fewer people at Omni.
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "cache/remote_cache.hpp"

namespace oss::cache {

inline constexpr const char* kCacheFile = "remote-cache.jsonl";
inline constexpr int kCacheFormatVersion = 1;

// A cache file that must not be trusted; the message names the file (and line) and what is wrong. The caller
// warns and runs a full reconcile.
class CacheError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// nullopt when there is no cache file. Throws CacheError for a file that is not a regular file owned by this
// user, is writable by group or others, or does not hold what save_cache writes (garbage, truncated, a newer
// format).
std::optional<RemoteCache> load_cache(const std::filesystem::path& state_dir);

// Writes the cache atomically, mode 0600. Throws std::system_error naming the file.
void save_cache(const std::filesystem::path& state_dir, const RemoteCache& cache);

// Removes the cache file before an apply starts, so that a process killed midway leaves no cache that could be
// behind Omni: the next process then runs a full reconcile. Throws std::system_error when it cannot.
void remove_cache(const std::filesystem::path& state_dir);

}  // namespace oss::cache
