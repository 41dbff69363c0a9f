#pragma once
// What the `sync:` section says about safety.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace oss::guard {

struct GuardPolicy {
  std::vector<std::string> protect;          // exact userNames or globs (`*`, `?`), case-insensitive
  std::size_t max_deletes = 25;              // deletions + deactivations per run, absolute
  double max_delete_percent = 10.0;          // ... and as a percentage of the managed remote users
  std::optional<std::size_t> allow_deletes;  // `sync --allow-deletes N`: raises max_deletes for one run
};

}  // namespace oss::guard
