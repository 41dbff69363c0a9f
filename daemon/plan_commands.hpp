#pragma once
// The reviewed-plan commands (issue 17), called by main.cpp: `show FILE` and `apply FILE`.
#include "cli.hpp"
#include "config/config.hpp"
#include "secret/secret.hpp"

namespace oss::cli {

// Prints a plan file as `sync` prints a plan. Needs neither the configuration nor the key. 0, or 65 for a file
// that is not an untouched plan file.
int run_show(const Arguments& args);

// Checks a plan file against the configuration, the key and Omni, then sends exactly its operations.
// Returns the exit status (config/exit_codes.hpp: 4 stale or expired, 65 rejected).
int run_apply(const Arguments& args, const config::Config& configuration, const secret::ApiKey& key);

}  // namespace oss::cli
