#include "run_command.hpp"

#include <boost/asio/io_context.hpp>

#include <iostream>

#include "config/exit_codes.hpp"
#include "service/daemon.hpp"
#include "service/health_probe.hpp"
#include "service/listen_endpoint.hpp"

namespace oss::cli {

namespace {
// Docker's HEALTHCHECK has its own --timeout; stay well inside its 30 s default.
constexpr std::chrono::milliseconds kProbeTimeout{5000};
}  // namespace

int run_daemon(const std::filesystem::path& config_file, config::Config configuration, secret::ApiKey key) {
  boost::asio::io_context io;
  service::Daemon daemon(io, service::DaemonOptions{config_file}, std::move(configuration), std::move(key));
  return daemon.run();
}

int run_healthcheck(const std::filesystem::path& config_file) {
  config::Config configuration;
  try {
    configuration = config::load_config(config_file);
  } catch (const std::exception& error) {
    std::cerr << "omni-scim-sync: " << error.what() << "\n";
    return config::kExitConfig;
  }
  if (configuration.metrics.listen.empty()) {
    std::cerr << "omni-scim-sync: metrics.listen is empty, so the daemon serves no /healthz to check\n";
    return config::kExitFailure;
  }
  try {
    const auto endpoint = service::probe_endpoint(service::parse_listen_address(configuration.metrics.listen));
    const auto answer = service::probe(endpoint, "/healthz", kProbeTimeout);
    if (answer.status == 200) {
      std::cout << "healthy: " << answer.body;
      return config::kExitSuccess;
    }
    std::cerr << "unhealthy (" << answer.status << "): " << answer.body;
  } catch (const std::exception& error) {
    std::cerr << "unhealthy: " << error.what() << "\n";
  }
  return config::kExitFailure;
}

}  // namespace oss::cli
