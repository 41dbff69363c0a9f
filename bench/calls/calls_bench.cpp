// P-calls: how many requests a real `omni-scim-sync sync` spends. The built binary runs against the in-process
// fake Omni server holding R users, with a source that asks for C changes (creates, updates and deletes), then
// once more with nothing left to do. Requests are counted from the server's own record.
// Expected: ceil(R / page) list pages + C writes + 1 whoami; the no-op sync: ceil(R' / page) + 1.
//
//   calls_bench [--binary PATH] [--json FILE]
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "common/bench_main.hpp"
#include "common/measure.hpp"
#include "fake_omni/fake_omni_server.hpp"
#include "support/child_process.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::bench {
namespace {

namespace json = boost::json;

constexpr const char* kKey = "org-key-for-the-calls-bench";
constexpr std::size_t kPageSize = 100;

struct Scenario {
  std::size_t remote;   // R: users at Omni before the sync
  std::size_t creates;  // people only in the source
  std::size_t updates;  // people whose display name the source changes
  std::size_t deletes;  // users the source no longer lists
  [[nodiscard]] std::size_t changes() const { return creates + updates + deletes; }
};

const std::vector<Scenario> kScenarios = {{250, 5, 5, 5}, {1000, 10, 20, 10}, {2500, 25, 50, 25}};

std::size_t pages(std::size_t users) { return (users + kPageSize - 1) / kPageSize; }

std::string user_name(std::size_t k) { return "person." + std::to_string(k) + "@example.com"; }

// The source for a scenario: people [deletes, remote + creates), the first `updates` of those at Omni renamed.
std::string source_csv(const Scenario& scenario) {
  std::string text = "userName,displayName,active\n";
  for (std::size_t k = scenario.deletes; k < scenario.remote + scenario.creates; ++k) {
    const bool renamed = k < scenario.deletes + scenario.updates;
    text += user_name(k) + ",Person " + std::to_string(k) + (renamed ? " (renamed)" : "") + ",true\n";
  }
  return text;
}

std::string config_yaml(const std::string& base_url, const std::filesystem::path& dir) {
  // The client's own limit is raised so the count, not the quota, is what this measures.
  return "omni:\n  base_url: " + base_url + "\n  api_key_env: OMNI_API_KEY\n  ca_file: " + (dir / "ca.pem").string() +
         "\n  requests_per_minute: 100000\n  page_size: " + std::to_string(kPageSize) +
         "\nsource:\n  type: csv\n  path: " + (dir / "users.csv").string() +
         "\nsync:\n  deprovision: delete\n  max_deletes: 1000\n  max_delete_percent: 100\n"
         "metrics:\n  listen: \"\"\nlogging:\n  level: warn\nstate_dir: " +
         (dir / "state").string() + "\n";
}

struct SyncRun {
  std::size_t requests = 0;
  std::map<std::string, std::size_t> by_method;
  double wall_seconds = 0;
};

SyncRun run_sync(const std::filesystem::path& binary, const std::filesystem::path& config,
                 fake_omni::FakeOmniServer& server) {
  server.clear_requests();
  const auto start = Clock::now();
  support::ChildProcess sync(
      support::ChildOptions({binary.string(), "--config", config.string(), "sync"}, {{"OMNI_API_KEY", kKey}}));
  const auto status = sync.wait(std::chrono::minutes(5));
  SyncRun run;
  run.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!status || !status->exited || status->exit_code != 0)
    throw std::runtime_error("sync ended with " + (status ? status->describe() : std::string("a timeout")) + ": " +
                             sync.stderr_text());
  for (const auto& request : server.requests()) {
    ++run.requests;
    ++run.by_method[request.method];
  }
  return run;
}

std::string methods(const SyncRun& run) {
  std::string text;
  for (const auto& [method, count] : run.by_method) text += (text.empty() ? "" : " ") + method + ":" + std::to_string(count);
  return text;
}

int run_all(const std::filesystem::path& binary, const std::string& json_file) {
  const support::TestPki pki = support::make_test_pki();
  json::array rows;
  std::printf("%6s %4s | %9s %9s %-36s | %9s %9s %-12s\n", "R", "C", "requests", "expected", "by method", "no-op",
              "expected", "by method");
  std::fflush(stdout);
  int mismatches = 0;
  for (const Scenario& scenario : kScenarios) {
    support::TempDir dir("oss-calls-bench");
    support::write_file(dir / "ca.pem", pki.ca_pem);
    support::write_file(dir / "users.csv", source_csv(scenario));
    fake_omni::FakeOmniServer server(fake_omni::TlsIdentity{pki.server_cert_pem, pki.server_key_pem},
                                     fake_omni::FakeOmniOptions{kPageSize, std::nullopt, true, 7});
    server.add_org_key(kKey);
    for (std::size_t k = 0; k < scenario.remote; ++k)
      server.seed_user(fake_omni::SeedUser(user_name(k), "Person " + std::to_string(k)));
    server.start();
    support::write_file(dir / "config.yaml", config_yaml(server.base_url(), dir.path()));

    const SyncRun changes = run_sync(binary, dir / "config.yaml", server);
    const std::size_t remote_after = server.user_count();
    const SyncRun no_op = run_sync(binary, dir / "config.yaml", server);
    server.stop();

    const std::size_t expected = pages(scenario.remote) + scenario.changes() + 1;
    const std::size_t expected_no_op = pages(remote_after) + 1;
    mismatches += (changes.requests != expected) + (no_op.requests != expected_no_op);
    std::printf("%6zu %4zu | %9zu %9zu %-36s | %9zu %9zu %-12s\n", scenario.remote, scenario.changes(),
                changes.requests, expected, methods(changes).c_str(), no_op.requests, expected_no_op,
                methods(no_op).c_str());
    std::fflush(stdout);
    json::object by_method, no_op_by_method;
    for (const auto& [method, count] : changes.by_method) by_method[method] = count;
    for (const auto& [method, count] : no_op.by_method) no_op_by_method[method] = count;
    rows.push_back(json::object{{"remote", scenario.remote},
                                {"changes", scenario.changes()},
                                {"page_size", kPageSize},
                                {"requests", changes.requests},
                                {"expected", expected},
                                {"by_method", by_method},
                                {"wall_seconds", changes.wall_seconds},
                                {"no_op_requests", no_op.requests},
                                {"no_op_expected", expected_no_op},
                                {"no_op_by_method", no_op_by_method},
                                {"no_op_wall_seconds", no_op.wall_seconds}});
  }
  if (!json_file.empty()) support::write_file(json_file, json::serialize(json::object{{"calls_bench", rows}}));
  if (mismatches) std::fprintf(stderr, "calls_bench: %d runs used a different number of requests than expected\n", mismatches);
  return mismatches ? 2 : 0;
}

}  // namespace
}  // namespace oss::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description description("calls_bench: requests spent by a real sync and a no-op sync");
  description.add_options()("help,h", "this text")
      ("binary", po::value<std::string>()->default_value(OSS_DAEMON_BINARY), "the omni-scim-sync binary")
      ("json", po::value<std::string>()->default_value(""), "also write the figures to this file");
  return oss::bench::bench_main(argc, argv, description, "calls_bench", [](const po::variables_map& args) {
    return oss::bench::run_all(args["binary"].as<std::string>(), args["json"].as<std::string>());
  });
}
