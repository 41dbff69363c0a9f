// P-quota: how much of a strict sliding-window quota the client uses, and whether it ever meets a 429.
// The in-process fake Omni server enforces the limit by its own clock; the client is configured with the same
// limit (as a user would configure it) and given more requests than fit in one window, all queued at once.
//
//   quota_bench [--quick] [--only NAME] [--json FILE]
//
// --quick runs only the short-window scenarios (seconds); the full run adds the 2-minute and 1-minute ones.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/bench_main.hpp"
#include "common/measure.hpp"
#include "secret/secret.hpp"
#include "fake_omni/fake_omni_server.hpp"
#include "omni/omni_session.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::bench {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

constexpr const char* kKey = "org-key-for-the-quota-bench";

struct Scenario {
  std::string name;
  std::size_t limit;            // requests per window, at the server and in the client's configuration
  milliseconds window;
  milliseconds latency;         // added by the server to every answer
  std::size_t requests;         // queued at once; requests - limit of them make up the measured span
  bool long_run;                // skipped by --quick
};

const std::vector<Scenario> kScenarios = {
    {"60/min, 2 min", 60, milliseconds(60'000), milliseconds(0), 180, true},
    {"600/min, 250 ms latency, 1 min", 600, milliseconds(60'000), milliseconds(250), 1200, true},
    {"20 per 2 s, 20 s", 20, milliseconds(2'000), milliseconds(0), 220, false},
    {"20 per 2 s, 300 ms latency, 20 s", 20, milliseconds(2'000), milliseconds(300), 220, false},
};

struct Outcome {
  double achieved = 0;          // measured rate / configured limit
  double measured_windows = 0;  // length of the measured span, in windows
  std::size_t rate_limited = 0; // 429 answers the server gave
  std::size_t failed = 0;       // calls that ended in an error at the client
  std::size_t busiest_window = 0;  // most arrivals in any window-long span (must not exceed the limit)
  double wall_seconds = 0;
};

// The most arrivals inside any half-open span [t, t + window): the server's rule, checked from its own record.
std::size_t busiest_window(const std::vector<Clock::time_point>& sorted, milliseconds window) {
  std::size_t most = 0, first = 0;
  for (std::size_t last = 0; last < sorted.size(); ++last) {
    while (sorted[last] - sorted[first] >= window) ++first;
    most = std::max(most, last - first + 1);
  }
  return most;
}

Outcome run(const Scenario& scenario, const support::TestPki& pki, const std::filesystem::path& ca_file) {
  fake_omni::FakeOmniServer server(fake_omni::TlsIdentity{pki.server_cert_pem, pki.server_key_pem},
                                   fake_omni::FakeOmniOptions{100, std::nullopt, true, 7});
  server.add_org_key(kKey);
  server.set_rate_limit(fake_omni::RateLimit{scenario.limit, scenario.window, fake_omni::RetryAfterStyle::seconds});
  server.faults().set_latency(scenario.latency);
  server.start();

  net::ClientOptions options;  // the defaults a user gets, with the limit they would configure
  options.base_url = server.base_url();
  options.ca_file = ca_file;
  options.rate_window = scenario.window;
  options.requests_per_minute = static_cast<double>(scenario.limit) * 60'000.0 / static_cast<double>(scenario.window.count());
  boost::asio::io_context io;
  const secret::ApiKey key(kKey);
  omni::OmniSession session(io.get_executor(), options, key);

  Outcome outcome;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < scenario.requests; ++i)
    boost::asio::co_spawn(io, session.client().whoami(), [&](std::exception_ptr error, auto) {
      if (error) ++outcome.failed;
    });
  io.run();
  outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  server.stop();

  // The rate as tests/integration/client/quota_test.cpp measures it: the requests - limit arrivals in
  // [first arrival, arrival number requests - limit + 1) over that span. The last `limit` requests are a final
  // burst whose spread depends on latency and max_in_flight rather than on the quota, so they are left out.
  std::vector<Clock::time_point> arrivals;
  for (const auto& request : server.requests()) {
    arrivals.push_back(request.arrival);
    outcome.rate_limited += request.status == 429;
  }
  std::sort(arrivals.begin(), arrivals.end());
  if (arrivals.size() > scenario.limit) {
    const std::size_t measured = arrivals.size() - scenario.limit;
    outcome.measured_windows = std::chrono::duration<double>(arrivals[measured] - arrivals.front()) /
                               std::chrono::duration<double>(scenario.window);
    outcome.achieved =
        static_cast<double>(measured) / outcome.measured_windows / static_cast<double>(scenario.limit);
  }
  outcome.busiest_window = busiest_window(arrivals, scenario.window);
  return outcome;
}

int run_all(bool quick, const std::string& only, const std::string& json_file) {
  const support::TestPki pki = support::make_test_pki();
  support::TempDir dir("oss-quota-bench");
  support::write_file(dir / "ca.pem", pki.ca_pem);

  json::array rows;
  std::printf("%-34s %8s %9s %8s %6s %9s %7s\n", "scenario", "requests", "achieved", "windows", "429s",
              "busiest", "wall s");
  std::fflush(stdout);
  for (const Scenario& scenario : kScenarios) {
    if ((quick && scenario.long_run) || (!only.empty() && scenario.name.find(only) == std::string::npos)) continue;
    const Outcome outcome = run(scenario, pki, dir / "ca.pem");
    std::printf("%-34s %8zu %9.3f %8.2f %6zu %5zu/%-3zu %7.1f\n", scenario.name.c_str(), scenario.requests,
                outcome.achieved, outcome.measured_windows, outcome.rate_limited, outcome.busiest_window,
                scenario.limit, outcome.wall_seconds);
    std::fflush(stdout);
    rows.push_back(json::object{{"scenario", scenario.name},
                                {"limit", scenario.limit},
                                {"window_ms", scenario.window.count()},
                                {"latency_ms", scenario.latency.count()},
                                {"requests", scenario.requests},
                                {"achieved", outcome.achieved},
                                {"measured_windows", outcome.measured_windows},
                                {"rate_limited", outcome.rate_limited},
                                {"failed", outcome.failed},
                                {"busiest_window", outcome.busiest_window},
                                {"wall_seconds", outcome.wall_seconds}});
    if (outcome.failed) std::fprintf(stderr, "quota_bench: %zu calls failed in %s\n", outcome.failed, scenario.name.c_str());
  }
  if (!json_file.empty()) support::write_file(json_file, json::serialize(json::object{{"quota_bench", rows}}));
  return 0;
}

}  // namespace
}  // namespace oss::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description description("quota_bench: quota use against a strict sliding window");
  description.add_options()("help,h", "this text")("quick", "only the short-window scenarios")
      ("only", po::value<std::string>()->default_value(""), "only scenarios whose name contains this")
      ("json", po::value<std::string>()->default_value(""), "also write the figures to this file");
  return oss::bench::bench_main(argc, argv, description, "quota_bench", [](const po::variables_map& args) {
    return oss::bench::run_all(args.count("quick") > 0, args["only"].as<std::string>(), args["json"].as<std::string>());
  });
}
