#pragma once
// The command line: `omni-scim-sync [--config FILE] COMMAND [OPTIONS]`. Parsing only; main.cpp runs it.
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace oss::cli {

inline constexpr const char* kDefaultConfig = "/etc/omni-scim-sync/config.yaml";

enum class Command { help, version, sync, run, check, healthcheck, apply, show };

struct Arguments {
  Command command = Command::help;
  std::string config_file = kDefaultConfig;
  bool dry_run = false;
  bool incremental = false;   // sync --incremental
  bool json_output = false;
  bool detailed_exitcode = false;
  std::optional<std::size_t> allow_deletes;
  std::string plan_out;                            // sync --dry-run --plan-out FILE
  std::string plan_file;                           // apply FILE, show FILE
  std::chrono::seconds max_age{std::chrono::hours(24)};   // apply --max-age
  bool skip_stale = false;                         // apply --skip-stale
};

// "90s", "30m", "24h", "7d" (a bare number is seconds). Throws UsageError.
std::chrono::seconds parse_duration(const std::string& text, const std::string& option);

// A usage error (exit status 64) with the message to print above the usage text.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Arguments parse_arguments(const std::vector<std::string>& args);
std::string usage_text();

}  // namespace oss::cli
