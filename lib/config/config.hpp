#pragma once
// The configuration file as typed, validated values. See config/example.yaml for every key.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "config/config_error.hpp"
#include "config/logging_config.hpp"
#include "guard/guard_policy.hpp"
#include "net/client_options.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"
#include "source/source_options.hpp"

namespace oss::config {

struct OmniConfig {
  net::ClientOptions client;
  std::string api_key_env = "OMNI_API_KEY";            // empty when api_key_file is given
  // May start with $CREDENTIALS_DIRECTORY (systemd LoadCredential=), expanded by load_api_key.
  std::optional<std::filesystem::path> api_key_file;
};

struct SyncConfig {
  std::chrono::seconds interval{900};
  // The daemon's cycles between full reconciles are incremental (planned against the remote cache); a full one
  // lists all of Omni and heals hand edits at least this often.
  std::chrono::seconds full_interval{21600};
  bool run_on_start = true;
  // Every cycle ends by a deadline: this long, plus twice the time the requests it learns it needs take at
  // omni.requests_per_minute (a list's pages, the plan's operations). See sync/cycle_deadline.hpp.
  std::chrono::seconds cycle_timeout{3600};
  plan::Policy policy;
  guard::GuardPolicy guards;
  plan::GroupPolicy groups;   // sync.groups; off by default
};

struct MetricsConfig {
  std::string listen = "127.0.0.1:9464";  // host:port or [v6]:port; empty: no metrics endpoint
};

struct Config {
  std::filesystem::path file;  // the file it was read from
  OmniConfig omni;
  source::SourceOptions source;
  SyncConfig sync;
  LoggingConfig logging;
  MetricsConfig metrics;
  std::filesystem::path state_dir = "/var/lib/omni-scim-sync";
  std::filesystem::path audit_log = "/var/lib/omni-scim-sync/audit.log";  // default: <state_dir>/audit.log
};

// Reads and validates `file`. Throws ConfigError (which names file, line, column and key) on any problem,
// including a file that cannot be read.
Config load_config(const std::filesystem::path& file);

// The same from text already in memory. `file` names the text in messages, and relative paths in it
// resolve against file's folder.
Config parse_config(std::string_view yaml, const std::filesystem::path& file);

}  // namespace oss::config
