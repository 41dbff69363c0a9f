#include "prometheus_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <stdexcept>

#include "../daemon/daemon_harness.hpp"
#include "service/health_probe.hpp"
#include "support/file_io.hpp"

namespace oss::testing {

namespace ip = boost::asio::ip;

PrometheusServer::PrometheusServer(const std::filesystem::path& binary, const std::string& job,
                                   const std::string& target, const std::filesystem::path& rules) {
  if (!std::filesystem::exists(binary))
    throw std::runtime_error(binary.string() + " not found: install the prometheus package (scripts/install-deps)");
  port_ = free_loopback_port();
  // 1 s scrapes and evaluations, so that a test sees a change within seconds.
  support::write_file(dir_ / "prometheus.yml", fmt::format(R"(global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - {}
scrape_configs:
  - job_name: {}
    static_configs:
      - targets: ['{}']
)", rules.string(), job, target));
  process_ = std::make_unique<support::ChildProcess>(support::ChildOptions({
      binary.string(), "--config.file=" + (dir_ / "prometheus.yml").string(),
      "--storage.tsdb.path=" + (dir_ / "data").string(), fmt::format("--web.listen-address=127.0.0.1:{}", port_),
      "--log.level=warn"}));
}

bool PrometheusServer::wait_ready(std::chrono::milliseconds timeout) {
  return eventually(
      [&] {
        if (!process_->running()) return true;   // reported below, not waited for
        try {
          return service::probe(ip::tcp::endpoint(ip::address_v4::loopback(), port_), "/-/ready",
                                std::chrono::milliseconds(1000)).status == 200;
        } catch (const std::exception&) {
          return false;
        }
      },
      timeout) && process_->running();
}

boost::json::value PrometheusServer::api(const std::string& target) {
  // Generous: under a loaded machine a query may wait for the TSDB.
  const auto answer = service::probe(ip::tcp::endpoint(ip::address_v4::loopback(), port_), target,
                                     std::chrono::milliseconds(10000));
  try {
    return boost::json::parse(answer.body);
  } catch (const std::exception& error) {
    throw std::runtime_error(fmt::format("{} answered {} with a body that is not JSON: {}", target, answer.status,
                                         answer.body.substr(0, 200)));
  }
}

boost::json::value PrometheusServer::query(const std::string& promql) {
  return api("/api/v1/query?query=" + url_encode(promql));
}

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace oss::testing
