#pragma once
// The `run` (the daemon) and `healthcheck` commands, called by main.cpp.
#include <filesystem>

#include "config/config.hpp"
#include "secret/secret.hpp"

namespace oss::cli {

// Runs the daemon until SIGTERM/SIGINT. Returns the process exit status (see config/exit_codes.hpp).
int run_daemon(const std::filesystem::path& config_file, config::Config configuration, secret::ApiKey key);

// GET /healthz on the daemon's metrics.listen address, through loopback: exit 0 when healthy, 1 otherwise,
// 78 for a configuration that does not load. Needs no API key (Docker runs it as the HEALTHCHECK).
int run_healthcheck(const std::filesystem::path& config_file);

}  // namespace oss::cli
