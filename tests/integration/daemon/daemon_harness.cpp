#include "daemon_harness.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include <regex>
#include <sstream>
#include <thread>

#include "support/file_io.hpp"

namespace oss::testing {

namespace ip = boost::asio::ip;

std::uint16_t free_loopback_port() {
  boost::asio::io_context io;
  ip::tcp::acceptor acceptor(io, ip::tcp::endpoint(ip::address_v4::loopback(), 0));
  return acceptor.local_endpoint().port();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

DaemonTest::DaemonTest() {
  const auto pki = support::make_test_pki();
  support::write_pki(pki, dir_ / "pki");
  support::write_private_file(dir_ / "api-key", std::string(kDaemonOrgKey) + "\n");
  server_port_ = free_loopback_port();
  start_server();
  settings_.base_url = server_->base_url();
  settings_.metrics_port = free_loopback_port();
  write_users({"ann@example.com", "bob@example.com"});
  write_config();
}

DaemonTest::~DaemonTest() {
  if (daemon_ && daemon_->running()) {
    daemon_->send_signal(SIGKILL);
    daemon_->wait(std::chrono::milliseconds(2000));
  }
  if (server_) server_->stop();
}

void DaemonTest::start_server() {
  server_.reset();   // the old one must release the port first
  // Unlimited rate: these tests are about the daemon, not the quota.
  server_ = std::make_unique<fake_omni::FakeOmniServer>(fake_omni::load_tls_identity(dir_ / "pki"),
                                                        fake_omni::FakeOmniOptions{100, std::nullopt, true, 7},
                                                        "127.0.0.1", server_port_);
  server_->add_org_key(kDaemonOrgKey);
  server_->start();
}

void DaemonTest::stop_server() {
  // Destroyed, not just stopped: its listening socket must be gone so that connections are refused.
  server_->stop();
  server_.reset();
}

void DaemonTest::write_config(const ConfigSettings& s) {
  settings_ = s;
  support::write_file(dir_ / "config.yaml", fmt::format(R"(omni:
  base_url: {}
  api_key_file: {}
  ca_file: pki/ca.pem
  requests_per_minute: 6000
  max_in_flight: {}
  timeout_seconds: {}
  max_retries: 1
source:
  path: {}
  columns: {{userName: email, displayName: name}}
  watch: {}
sync:
  interval_seconds: {}
  full_interval_seconds: {}
  run_on_start: {}
  max_deletes: 1000
  max_delete_percent: 100
  protect: []
{}
metrics:
  listen: 127.0.0.1:{}
state_dir: state
)", s.base_url, (dir_ / "api-key").string(), s.max_in_flight, s.timeout_seconds, s.source_file, s.watch,
                                                          s.interval_seconds, s.full_interval_seconds, s.run_on_start, s.extra_sync, s.metrics_port));
}

void DaemonTest::write_users(const std::vector<std::string>& user_names) {
  std::string csv = "email,name\n";
  for (const auto& name : user_names) csv += name + "," + name.substr(0, name.find('@')) + "\n";
  // Written beside and renamed into place, as an export job should: the reader never sees half a file.
  support::write_file(dir_ / ".users.csv.tmp", csv);
  std::filesystem::rename(dir_ / ".users.csv.tmp", dir_ / settings_.source_file);
}

support::ChildProcess& DaemonTest::start_daemon(std::vector<std::pair<std::string, std::string>> env) {
  support::ChildOptions options({std::string(OSS_BINARY_DIR) + "/daemon/omni-scim-sync", "--config",
                                 (dir_ / "config.yaml").string(), "run"},
                                std::move(env));
  options.open_files_limit = daemon_open_files_limit_;
  // Whatever the test runner runs under, the daemon must not talk to a real systemd or journal.
  for (const char* name : {"NOTIFY_SOCKET", "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID", "CREDENTIALS_DIRECTORY"}) {
    bool given = false;
    for (const auto& [key, value] : options.extra_env) given = given || key == name;
    if (!given) options.removed_env.emplace_back(name);
  }
  daemon_ = std::make_unique<support::ChildProcess>(std::move(options));
  return *daemon_;
}

std::optional<service::ProbeAnswer> DaemonTest::get(const std::string& target) {
  try {
    return service::probe(ip::tcp::endpoint(ip::address_v4::loopback(), settings_.metrics_port), target,
                          std::chrono::milliseconds(2000));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

unsigned DaemonTest::status_of(const std::string& target) {
  auto answer = get(target);
  return answer ? answer->status : 0;
}

double DaemonTest::metric(const std::string& sample) {
  auto answer = get("/metrics");
  if (!answer || answer->status != 200) return -1;
  const auto samples = parse_prometheus(answer->body);
  const auto it = samples.find(sample);
  return it == samples.end() ? -1 : it->second;
}

void DaemonTest::expect_eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                                   const std::string& what) {
  if (!eventually(condition, timeout))
    ADD_FAILURE() << "not within " << timeout.count() << " ms: " << what << "\ndaemon stderr:\n"
                  << (daemon_ ? daemon_->stderr_text() : std::string("(not started)"));
}

std::map<std::string, double> parse_prometheus(const std::string& text) {
  static const std::regex comment(R"(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  static const std::regex sample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})?) (-?[0-9.eE+-]+|NaN|\+Inf|-Inf))");
  std::map<std::string, double> samples;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    std::smatch match;
    if (std::regex_match(line, comment)) continue;
    if (!std::regex_match(line, match, sample))
      throw std::runtime_error(fmt::format("line {} is not Prometheus text: {}", number, line));
    samples[match[1]] = std::stod(match[5]);
  }
  return samples;
}

}  // namespace oss::testing
