#pragma once
// A real Prometheus (Debian's /usr/bin/prometheus) as a child process on loopback, scraping one target every
// second and evaluating a rules file every second, with its TSDB in a temp folder; and its HTTP API.
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace oss::testing {

class PrometheusServer {
 public:
  // Writes prometheus.yml (job `job` scraping `target`, `rules` loaded) and starts the binary. Does not wait.
  PrometheusServer(const std::filesystem::path& binary, const std::string& job, const std::string& target,
                   const std::filesystem::path& rules);

  // True once /-/ready answers 200 (false after the timeout or when the process ended).
  bool wait_ready(std::chrono::milliseconds timeout);
  // GET on the HTTP API, its JSON answer (any status: an error is {"status":"error",...}). Throws when
  // nothing answers or the body is not JSON.
  boost::json::value api(const std::string& target);
  // /api/v1/query?query=<promql>, evaluated now.
  boost::json::value query(const std::string& promql);

  support::ChildProcess& process() { return *process_; }
  std::uint16_t port() const { return port_; }

 private:
  support::TempDir dir_{"oss-prometheus"};
  std::uint16_t port_ = 0;
  std::unique_ptr<support::ChildProcess> process_;
};

// Percent-encodes everything but RFC 3986's unreserved characters, for a query string.
std::string url_encode(const std::string& text);

}  // namespace oss::testing
