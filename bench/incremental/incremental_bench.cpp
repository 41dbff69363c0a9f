// P-incremental: what an incremental cycle costs next to a full one, counted by the server.
//
// Part 1 (`sync`): the built binary runs `omni-scim-sync sync` and `sync --incremental` as child processes against
// the in-process fake Omni server holding R users (seeded straight into it) and a source CSV listing the same
// people. A first full `sync` leaves the remote cache; then, for K = 0, 1 and 50 changed people, one
// `sync --incremental` and, as the baseline, one full `sync` with the same number of changes (each run renames the
// same K people again, so both have K writes to send). Requests are counted from the server's own record:
// SCIM requests (/api/scim/v2/...) and the total (the whoami, GET /api/v1/whoami, included).
//   expected: full = 1 + ceil(R/P) + K;  incremental = K SCIM requests + 1 whoami per process.
// Each run's wall time is the whole process (spawn to reaped); its peak RSS is ru_maxrss from wait4.
// The client's requests_per_minute is 100000 (the most the config accepts) and the server has no limit, so the
// count, not the quota, is measured.
//
// Part 2 (`run`, watch latency): the daemon with source.watch: true, R users at Omni. Its start-up cycle is a full
// one; the source it starts with has one person changed, so that cycle sends one PATCH too and its time from the
// daemon's start to that PATCH is the full cycle's latency, measured. Then, 3 times, a new export with one more
// changed person is renamed into place and the time until the PATCH arrives at the server is taken (the server's
// arrival time; the daemon debounces changes for 2 s). --slow runs it once more with the server enforcing Omni's
// 60 requests per minute and the client at requests_per_minute: 60 (about 17 minutes at R = 100,000).
//
//   incremental_bench [--binary PATH] [--sizes 10000,100000] [--watch-size 100000] [--slow | --slow-only] [--json FILE]
#include <sys/resource.h>

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
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
using namespace std::chrono_literals;

constexpr const char* kKey = "org-key-for-the-incremental-bench";
constexpr std::size_t kPageSize = 100;
constexpr int kFastRequestsPerMinute = 100000;   // the most omni.requests_per_minute accepts
const std::vector<std::size_t> kChanges = {0, 1, 50};
constexpr int kWatchRounds = 3;

std::size_t pages(std::size_t users) { return (users + kPageSize - 1) / kPageSize; }
std::string user_name(std::size_t k) { return "person." + std::to_string(k) + "@example.com"; }
std::string display_name(std::size_t k) { return "Person " + std::to_string(k); }

// Everyone at Omni, people [0, changed) renamed with `tag` (an empty tag: as seeded).
std::string source_csv(std::size_t remote, std::size_t changed, const std::string& tag) {
  std::string text = "userName,displayName,active\n";
  text.reserve(remote * 48);
  for (std::size_t k = 0; k < remote; ++k)
    text += user_name(k) + "," + display_name(k) + (k < changed && !tag.empty() ? " (" + tag + ")" : "") + ",true\n";
  return text;
}

// Written beside and renamed into place, as an export job does.
void replace_source(const std::filesystem::path& path, const std::string& text) {
  const auto staging = path.parent_path() / ("." + path.filename().string() + ".new");
  support::write_file(staging, text);
  std::filesystem::rename(staging, path);
}

std::string config_yaml(const std::string& base_url, const std::filesystem::path& dir, int requests_per_minute,
                        bool daemon) {
  std::string text = "omni:\n  base_url: " + base_url + "\n  api_key_env: OMNI_API_KEY\n  ca_file: " +
                     (dir / "ca.pem").string() + "\n  requests_per_minute: " + std::to_string(requests_per_minute) +
                     "\n  page_size: " + std::to_string(kPageSize) + "\nsource:\n  type: csv\n  path: " +
                     (dir / "source" / "users.csv").string() + "\n";
  if (daemon) text += "  watch: true\n";
  text += "sync:\n  deprovision: delete\n  max_deletes: 1000\n  max_delete_percent: 100\n";
  if (daemon) text += "  interval_seconds: 86400\n  full_interval_seconds: 86400\n  run_on_start: true\n";
  // Info: the cycle's kind ("incremental cycle: ..." / "full cycle (...)") and "cycle finished" are info lines.
  text += "metrics:\n  listen: \"\"\nlogging:\n  level: info\nstate_dir: " + (dir / "state").string() + "\n";
  return text;
}

fake_omni::FakeOmniServer& seeded_server(std::unique_ptr<fake_omni::FakeOmniServer>& holder,
                                         const support::TestPki& pki, std::size_t remote) {
  holder = std::make_unique<fake_omni::FakeOmniServer>(
      fake_omni::TlsIdentity{pki.server_cert_pem, pki.server_key_pem},
      fake_omni::FakeOmniOptions{kPageSize, std::nullopt, true, 7});
  holder->add_org_key(kKey);
  for (std::size_t k = 0; k < remote; ++k) holder->seed_user(fake_omni::SeedUser(user_name(k), display_name(k)));
  holder->start();
  return *holder;
}

bool is_scim(const fake_omni::RecordedRequest& request) { return request.path().rfind("/api/scim/v2/", 0) == 0; }

// ---------------------------------------------------------------------------------------------------------------
// Part 1: sync and sync --incremental.

struct SyncRun {
  std::size_t total = 0;
  std::size_t scim = 0;
  std::map<std::string, std::size_t> by_method;
  double wall_seconds = 0;
  double peak_rss_mib = 0;
  std::string kind;   // "incremental" or "full (<reason>)", from the run's log
};

std::string cycle_kind(const std::string& log) {
  if (log.find("incremental cycle: ") != std::string::npos) return "incremental";
  const auto at = log.find("full cycle (");
  if (at != std::string::npos) return "full";
  return "?";
}

SyncRun run_sync(const std::filesystem::path& binary, const std::filesystem::path& config,
                 fake_omni::FakeOmniServer& server, bool incremental) {
  server.clear_requests();
  std::vector<std::string> argv{binary.string(), "--config", config.string(), "sync"};
  if (incremental) argv.emplace_back("--incremental");
  const auto start = Clock::now();
  support::ChildProcess sync(support::ChildOptions(argv, {{"OMNI_API_KEY", kKey}}));
  const auto status = sync.wait(std::chrono::minutes(10));
  SyncRun run;
  run.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!status || !status->exited || status->exit_code != 0)
    throw std::runtime_error("sync ended with " + (status ? status->describe() : std::string("a timeout")) + ": " +
                             sync.stderr_text());
  run.peak_rss_mib = static_cast<double>(sync.peak_rss_kib().value_or(0)) / 1024.0;
  run.kind = cycle_kind(sync.stderr_text());
  for (const auto& request : server.requests()) {
    ++run.total;
    run.scim += is_scim(request);
    ++run.by_method[request.method];
  }
  return run;
}

json::object run_json(const SyncRun& run, std::size_t expected_scim, std::size_t expected_total) {
  json::object by_method;
  for (const auto& [method, count] : run.by_method) by_method[method] = count;
  return json::object{{"scim_requests", run.scim},     {"total_requests", run.total},
                      {"expected_scim", expected_scim}, {"expected_total", expected_total},
                      {"by_method", by_method},         {"wall_seconds", run.wall_seconds},
                      {"peak_rss_mib", run.peak_rss_mib}, {"kind", run.kind}};
}

int run_calls(const std::filesystem::path& binary, const support::TestPki& pki, const std::vector<std::size_t>& sizes,
              json::array& rows) {
  int misses = 0;
  std::printf("Part 1: requests per cycle, counted by the fake server (P = %zu; client requests_per_minute %d, "
              "server unlimited)\n",
              kPageSize, kFastRequestsPerMinute);
  std::printf("  incremental = `sync --incremental` (expected: K SCIM + 1 whoami); full = `sync` (expected: 1 + "
              "ceil(R/P) + K)\n");
  std::printf("%7s %3s | %-11s %4s %5s %6s %8s %8s | %-5s %5s %5s %6s %8s %8s | %6s\n", "R", "K", "incremental",
              "SCIM", "total", "target", "wall s", "RSS MiB", "full", "SCIM", "total", "target", "wall s", "RSS MiB",
              "ratio");
  std::fflush(stdout);
  for (const std::size_t remote : sizes) {
    support::TempDir dir("oss-incremental-bench");
    std::filesystem::create_directories(dir / "source");
    support::write_file(dir / "ca.pem", pki.ca_pem);
    std::unique_ptr<fake_omni::FakeOmniServer> holder;
    auto& server = seeded_server(holder, pki, remote);
    support::write_file(dir / "config.yaml", config_yaml(server.base_url(), dir.path(), kFastRequestsPerMinute, false));
    replace_source(dir / "source" / "users.csv", source_csv(remote, 0, ""));

    // The first full sync builds the cache (nothing to send: Omni already holds everyone).
    const SyncRun first = run_sync(binary, dir / "config.yaml", server, false);
    const std::size_t first_expected = 1 + pages(remote);
    misses += first.total != first_expected;
    std::printf("%7zu %3s | %-11s %4s %5s %6s %8s %8s | %-5s %5zu %5zu %6zu %8.2f %8.1f | %6s   (first sync: "
                "builds the cache)\n",
                remote, "-", "", "", "", "", "", "", first.kind.c_str(), first.scim, first.total, first_expected,
                first.wall_seconds, first.peak_rss_mib, "");
    std::fflush(stdout);
    json::object row{{"remote", remote}, {"page_size", kPageSize}, {"first_full", run_json(first, pages(remote), first_expected)}};
    json::array by_changes;

    int round = 0;
    for (const std::size_t changed : kChanges) {
      // The same K people renamed, once for each run, so both runs have K writes to send.
      ++round;
      replace_source(dir / "source" / "users.csv", source_csv(remote, changed, "round " + std::to_string(round) + "a"));
      const SyncRun incremental = run_sync(binary, dir / "config.yaml", server, true);
      replace_source(dir / "source" / "users.csv", source_csv(remote, changed, "round " + std::to_string(round) + "b"));
      const SyncRun full = run_sync(binary, dir / "config.yaml", server, false);

      const std::size_t inc_scim = changed, inc_total = changed + 1;
      const std::size_t full_scim = pages(remote) + changed, full_total = 1 + pages(remote) + changed;
      const bool inc_ok = incremental.scim == inc_scim && incremental.total == inc_total && incremental.kind == "incremental";
      const bool full_ok = full.total == full_total && full.scim == full_scim;
      misses += !inc_ok + !full_ok;
      const double ratio = incremental.total ? static_cast<double>(full.total) / incremental.total : 0;
      std::printf("%7zu %3zu | %-11s %4zu %5zu %6zu %8.2f %8.1f | %-5s %5zu %5zu %6zu %8.2f %8.1f | %5.0fx%s\n", remote,
                  changed, incremental.kind.c_str(), incremental.scim, incremental.total, inc_total,
                  incremental.wall_seconds, incremental.peak_rss_mib, full.kind.c_str(), full.scim, full.total,
                  full_total, full.wall_seconds, full.peak_rss_mib, ratio,
                  inc_ok && full_ok ? "" : "  <- MISSED");
      std::fflush(stdout);
      by_changes.push_back(json::object{{"changes", changed},
                                        {"incremental", run_json(incremental, inc_scim, inc_total)},
                                        {"full", run_json(full, full_scim, full_total)}});
    }
    row["by_changes"] = std::move(by_changes);
    rows.push_back(std::move(row));
    server.stop();
  }
  return misses;
}

// ---------------------------------------------------------------------------------------------------------------
// Part 2: the daemon's watch latency.

struct WatchResult {
  double full_to_patch_seconds = 0;        // daemon start -> the start-up full cycle's PATCH arrives
  std::size_t full_requests = 0;           // that cycle's requests
  std::size_t full_rate_limited = 0;       // 429s during it
  std::string full_breakdown;              // its requests by method and path
  std::vector<double> latencies;           // rename -> PATCH arrives, per round
  std::vector<std::size_t> round_requests; // requests of each watch-started cycle (not counting 429s)
  std::vector<std::string> round_kinds;
  double daemon_peak_rss_mib = 0;
};

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// The first accepted PATCH's arrival (a PATCH answered 429 does not count), once one has arrived.
std::optional<std::chrono::steady_clock::time_point> wait_for_patch(fake_omni::FakeOmniServer& server,
                                                                    support::ChildProcess& daemon,
                                                                    std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (server.request_count("PATCH") > 0) {
      for (const auto& request : server.requests())
        if (request.method == "PATCH" && request.status < 300) return request.arrival;
    }
    if (!daemon.running()) return std::nullopt;
    std::this_thread::sleep_for(2ms);
  }
  return std::nullopt;
}

bool wait_for_cycles(support::ChildProcess& daemon, std::size_t cycles, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (occurrences(daemon.stderr_text(), "cycle finished") >= cycles) return true;
    if (!daemon.running()) return false;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// The kind of the n-th (0-based) finished cycle, from its "cycle finished ... kind=..." line.
std::string nth_cycle_kind(const std::string& log, std::size_t n) {
  std::istringstream lines(log);
  std::size_t seen = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("cycle finished") == std::string::npos) continue;
    if (seen++ != n) continue;
    const auto at = line.find("kind=");
    if (at == std::string::npos) return "?";
    std::string kind = line.substr(at + 5, line.find(' ', at) - at - 5);
    kind.erase(std::remove(kind.begin(), kind.end(), '"'), kind.end());
    return kind;
  }
  return "?";
}

WatchResult run_watch(const std::filesystem::path& binary, const support::TestPki& pki, std::size_t remote, bool slow) {
  const int client_rpm = slow ? 60 : kFastRequestsPerMinute;
  support::TempDir dir("oss-incremental-bench-watch");
  std::filesystem::create_directories(dir / "source");
  support::write_file(dir / "ca.pem", pki.ca_pem);
  std::unique_ptr<fake_omni::FakeOmniServer> holder;
  auto& server = seeded_server(holder, pki, remote);
  if (slow) server.set_rate_limit(fake_omni::RateLimit{60, std::chrono::milliseconds(60'000)});
  support::write_file(dir / "config.yaml", config_yaml(server.base_url(), dir.path(), client_rpm, true));
  // Person 0 changed: the start-up full cycle has one PATCH to send.
  replace_source(dir / "source" / "users.csv", source_csv(remote, 1, "start"));
  server.clear_requests();

  WatchResult result;
  const auto start = Clock::now();
  support::ChildOptions options({binary.string(), "--config", (dir / "config.yaml").string(), "run"}, {{"OMNI_API_KEY", kKey}});
  for (const char* name : {"NOTIFY_SOCKET", "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID", "CREDENTIALS_DIRECTORY"})
    options.removed_env.emplace_back(name);
  support::ChildProcess daemon(std::move(options));
  const auto full_budget = slow ? std::chrono::milliseconds(30min) : std::chrono::milliseconds(10min);
  const auto first_patch = wait_for_patch(server, daemon, full_budget);
  if (!first_patch) throw std::runtime_error("the start-up full cycle sent no PATCH: " + daemon.stderr_text());
  result.full_to_patch_seconds = std::chrono::duration<double>(*first_patch - start).count();
  if (!wait_for_cycles(daemon, 1, full_budget)) throw std::runtime_error("no start-up cycle: " + daemon.stderr_text());
  std::map<std::string, std::size_t> breakdown;
  for (const auto& request : server.requests()) {
    ++result.full_requests;
    result.full_rate_limited += request.status == 429;
    ++breakdown[request.method + " " + (request.path().rfind("/api/scim/v2/users/", 0) == 0 ? "/api/scim/v2/users/{id}"
                                                                                            : request.path())];
  }
  for (const auto& [what, count] : breakdown)
    result.full_breakdown += (result.full_breakdown.empty() ? "" : ", ") + what + " x" + std::to_string(count);
  if (nth_cycle_kind(daemon.stderr_text(), 0) != "full")
    throw std::runtime_error("the start-up cycle was not a full one: " + daemon.stderr_text());

  for (int round = 1; round <= kWatchRounds; ++round) {
    // The new export: people [0, round] changed, person `round` for the first time (the others as before).
    std::string text = "userName,displayName,active\n";
    text.reserve(remote * 48);
    for (std::size_t k = 0; k < remote; ++k) {
      std::string name = display_name(k);
      if (k == 0) name += " (start)";
      else if (k <= static_cast<std::size_t>(round)) name += " (watch)";
      text += user_name(k) + "," + name + ",true\n";
    }
    const auto staging = dir / "source" / ".users.csv.new";
    support::write_file(staging, text);
    std::this_thread::sleep_for(200ms);   // not part of the measured time: the staging file is ignored by the watcher
    server.clear_requests();
    const auto renamed = Clock::now();
    std::filesystem::rename(staging, dir / "source" / "users.csv");
    const auto patch = wait_for_patch(server, daemon, slow ? std::chrono::milliseconds(5min) : std::chrono::milliseconds(2min));
    if (!patch) throw std::runtime_error("no PATCH after the rename: " + daemon.stderr_text());
    result.latencies.push_back(std::chrono::duration<double>(*patch - renamed).count());
    if (!wait_for_cycles(daemon, static_cast<std::size_t>(round) + 1, 2min))
      throw std::runtime_error("the watch-started cycle did not finish: " + daemon.stderr_text());
    std::size_t admitted = 0;
    for (const auto& request : server.requests()) admitted += request.status != 429;
    result.round_requests.push_back(admitted);
    result.round_kinds.push_back(nth_cycle_kind(daemon.stderr_text(), static_cast<std::size_t>(round)));
  }
  daemon.send_signal(SIGTERM);
  daemon.wait(30s);
  result.daemon_peak_rss_mib = static_cast<double>(daemon.peak_rss_kib().value_or(0)) / 1024.0;
  server.stop();
  return result;
}

int report_watch(const WatchResult& result, std::size_t remote, bool slow, json::array& rows) {
  const int client_rpm = slow ? 60 : kFastRequestsPerMinute;
  // The daemon checks its key before it reports ready (GET /api/v1/whoami, service/key_check), then its first cycle
  // is a full one: 1 whoami + ceil(R/P) pages + the 1 PATCH.
  const std::size_t full_requests = 1 + (1 + pages(remote) + 1);
  const double computed_full_seconds = static_cast<double>(1 + pages(remote)) * 60.0 / 60.0;   // at 60 per minute
  std::printf("\nPart 2: `run` with source.watch: true, R = %zu, client requests_per_minute %d, server %s\n", remote,
              client_rpm, slow ? "enforcing 60 per 60 s (Omni's)" : "unlimited");
  std::printf("  start-up: key check + full cycle: %zu requests (target 1 + 1 + ceil(R/P) + 1 = %zu; %s), %zu answered 429; daemon start -> its PATCH: "
              "%.2f s (measured)\n",
              result.full_requests, full_requests, result.full_breakdown.c_str(), result.full_rate_limited,
              result.full_to_patch_seconds);
  int misses = result.full_requests - result.full_rate_limited != full_requests;
  json::array rounds;
  for (std::size_t i = 0; i < result.latencies.size(); ++i) {
    const bool ok = result.round_requests[i] == 1 && result.round_kinds[i] == "incremental";
    misses += !ok;
    std::printf("  watch round %zu: rename -> PATCH at the server %.3f s; that cycle: %s, %zu request(s) (target 1)%s\n",
                i + 1, result.latencies[i], result.round_kinds[i].c_str(), result.round_requests[i],
                ok ? "" : "  <- MISSED");
    rounds.push_back(json::object{{"latency_seconds", result.latencies[i]},
                                  {"requests", result.round_requests[i]},
                                  {"kind", result.round_kinds[i]}});
  }
  std::printf("  median %.3f s (of which 2 s is the watcher's debounce); daemon peak RSS %.1f MiB\n",
              median(result.latencies), result.daemon_peak_rss_mib);
  std::printf("  baseline at Omni's 60/min: a full cycle reaches its PATCH after 1 + ceil(R/P) = %zu requests = "
              "%.0f s (%.1f min)%s\n",
              1 + pages(remote), computed_full_seconds, computed_full_seconds / 60,
              slow ? " computed; measured above" : " (computed, not measured; --slow measures it)");
  std::fflush(stdout);
  rows.push_back(json::object{{"remote", remote},
                              {"client_requests_per_minute", client_rpm},
                              {"server_limit", slow ? "60 per 60 s" : "none"},
                              {"full_requests", result.full_requests},
                              {"full_rate_limited", result.full_rate_limited},
                              {"full_start_to_patch_seconds", result.full_to_patch_seconds},
                              {"full_at_60_per_minute_computed_seconds", computed_full_seconds},
                              {"rounds", rounds},
                              {"median_latency_seconds", median(result.latencies)},
                              {"daemon_peak_rss_mib", result.daemon_peak_rss_mib}});
  return misses;
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
  std::vector<std::size_t> sizes;
  std::stringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');)
    if (!part.empty()) sizes.push_back(std::stoul(part));
  return sizes;
}

int run_all(const std::filesystem::path& binary, const std::vector<std::size_t>& sizes, std::size_t watch_size,
            bool slow, bool slow_only, const std::string& json_file) {
  const support::TestPki pki = support::make_test_pki();
  json::array call_rows, watch_rows;
  int misses = sizes.empty() || slow_only ? 0 : run_calls(binary, pki, sizes, call_rows);
  if (watch_size > 0 && !slow_only) misses += report_watch(run_watch(binary, pki, watch_size, false), watch_size, false, watch_rows);
  if (watch_size > 0 && slow) misses += report_watch(run_watch(binary, pki, watch_size, true), watch_size, true, watch_rows);
  if (!json_file.empty())
    support::write_file(json_file, json::serialize(json::object{{"incremental_bench", json::object{{"calls", call_rows},
                                                                                                  {"watch", watch_rows}}}}));
  if (misses) std::fprintf(stderr, "incremental_bench: %d figures missed their target\n", misses);
  return misses ? 2 : 0;
}

}  // namespace
}  // namespace oss::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description description("incremental_bench: requests, wall time and peak RSS of incremental cycles next "
                                      "to full ones, and the daemon's watch latency");
  description.add_options()("help,h", "this text")
      ("binary", po::value<std::string>()->default_value(OSS_DAEMON_BINARY), "the omni-scim-sync binary")
      ("sizes", po::value<std::string>()->default_value("10000,100000"), "R values for part 1, comma-separated")
      ("watch-size", po::value<std::size_t>()->default_value(100000), "R for the watch latency (0: skip part 2)")
      ("slow", po::bool_switch(), "also measure the watch run at Omni's 60 requests per minute (about 17 min at 100k)")
      ("slow-only", po::bool_switch(), "only that: no part 1, no unlimited watch run (implies --slow)")
      ("json", po::value<std::string>()->default_value(""), "also write the figures to this file");
  return oss::bench::bench_main(argc, argv, description, "incremental_bench", [](const po::variables_map& args) {
    return oss::bench::run_all(args["binary"].as<std::string>(), oss::bench::parse_sizes(args["sizes"].as<std::string>()),
                                 args["watch-size"].as<std::size_t>(),
                                 args["slow"].as<bool>() || args["slow-only"].as<bool>(), args["slow-only"].as<bool>(),
                                 args["json"].as<std::string>());
  });
}
