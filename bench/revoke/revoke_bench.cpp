// P-revoke: time to revoke a leaver's access behind a backlog of creates, at Omni's 60 requests a minute. The built
// omni-scim-sync binary runs `sync` against the in-process fake server with its strict sliding window; the leaver's
// PATCH is found in the server's own record (requests and arrival times), then the run is stopped (SIGTERM): the
// rest of the backlog is not what this measures.
//   now:      the leaver is listed `active: false` (a decision): revocation phase, first write.
//   baseline: the same leaver merely gone from the source (`deprovision: deactivate`), which is sent after every
//             addition, as every deactivation was before revocation-first: the order this change left in place
//             for inferred removals, and the one a listed leaver had before it.
//
//   revoke_bench [--backlog N] [--baseline-backlog N] [--binary PATH] [--json FILE]
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <csignal>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

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

constexpr const char* kKey = "org-key-for-the-revoke-bench";
constexpr const char* kLeaver = "zz.leaver@example.com";   // sorts after every newcomer

struct Revocation {
  std::size_t writes_before = 0;        // writes the server received before the leaver's PATCH
  std::size_t requests_before = 0;      // all requests before it (whoami and list pages included)
  double seconds_from_start = 0;        // from the process's start
  double seconds_into_apply = 0;        // from the first write of the apply phase (or the PATCH itself)
};

std::string source_csv(std::size_t backlog, bool leaver_listed) {
  std::string text = "userName,displayName,active\n";
  for (std::size_t k = 0; k < backlog; ++k)
    text += "new." + std::to_string(k) + "@example.com,New " + std::to_string(k) + ",true\n";
  if (leaver_listed) text += std::string(kLeaver) + ",Leaver,false\n";
  return text;
}

std::string config_yaml(const std::string& base_url, const std::filesystem::path& dir) {
  return "omni:\n  base_url: " + base_url + "\n  ca_file: " + (dir / "ca.pem").string() +
         "\nsource:\n  type: csv\n  path: " + (dir / "users.csv").string() +
         "\nsync:\n  deprovision: deactivate\n  max_deletes: 1\n  max_delete_percent: 100\n"
         "metrics:\n  listen: \"\"\nlogging:\n  level: warn\nstate_dir: " + (dir / "state").string() + "\n";
}

Revocation measure(const std::filesystem::path& binary, const support::TestPki& pki, std::size_t backlog,
                   bool leaver_listed) {
  support::TempDir dir("oss-revoke-bench");
  support::write_file(dir / "ca.pem", pki.ca_pem);
  support::write_file(dir / "users.csv", source_csv(backlog, leaver_listed));
  // Omni's quota: 60 arrivals in any 60 s window, as the server counts them.
  fake_omni::FakeOmniServer server(fake_omni::TlsIdentity{pki.server_cert_pem, pki.server_key_pem},
                                   fake_omni::FakeOmniOptions{100, fake_omni::RateLimit{}, true, 5});
  server.add_org_key(kKey);
  const std::string leaver_id = server.seed_user(fake_omni::SeedUser(kLeaver, "Leaver"));
  server.start();
  support::write_file(dir / "config.yaml", config_yaml(server.base_url(), dir.path()));

  const auto started = std::chrono::steady_clock::now();
  support::ChildProcess sync(support::ChildOptions(
      {binary.string(), "--config", (dir / "config.yaml").string(), "sync"}, {{"OMNI_API_KEY", kKey}}));
  const std::string patch_path = "/api/scim/v2/users/" + leaver_id;
  const auto deadline = started + std::chrono::seconds(backlog * 2 + 120);
  std::optional<Revocation> found;
  while (!found && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Revocation revocation;
    std::optional<std::chrono::steady_clock::time_point> first_write;
    for (const auto& request : server.requests()) {
      const bool write = request.method != "GET";
      if (write && !first_write) first_write = request.arrival;
      if (request.method == "PATCH" && request.path() == patch_path && request.status / 100 == 2) {
        revocation.seconds_from_start = std::chrono::duration<double>(request.arrival - started).count();
        revocation.seconds_into_apply = std::chrono::duration<double>(request.arrival - *first_write).count();
        found = revocation;
        break;
      }
      ++revocation.requests_before;
      if (write) ++revocation.writes_before;
    }
    if (!found && sync.wait(std::chrono::milliseconds(0)))
      throw std::runtime_error("sync ended before the leaver was deactivated: " + sync.stderr_text());
  }
  sync.send_signal(SIGTERM);
  sync.wait(std::chrono::seconds(30));
  server.stop();
  if (!found) throw std::runtime_error("the leaver was not deactivated in time");
  return *found;
}

json::object to_json(const Revocation& revocation, std::size_t backlog, const char* order) {
  return json::object{{"order", order},
                      {"backlog", backlog},
                      {"writes_before", revocation.writes_before},
                      {"requests_before", revocation.requests_before},
                      {"seconds_from_start", revocation.seconds_from_start},
                      {"seconds_into_apply", revocation.seconds_into_apply}};
}

int run_all(const std::filesystem::path& binary, std::size_t backlog, std::size_t baseline_backlog,
            const std::string& json_file) {
  const support::TestPki pki = support::make_test_pki();
  std::printf("%-44s %8s | %13s %15s | %11s %15s\n", "order", "backlog", "writes before", "requests before",
              "s from start", "s into apply");
  const auto print = [](const char* order, std::size_t n, const Revocation& r) {
    std::printf("%-44s %8zu | %13zu %15zu | %11.2f %15.2f\n", order, n, r.writes_before, r.requests_before,
                r.seconds_from_start, r.seconds_into_apply);
    std::fflush(stdout);
  };
  const Revocation now = measure(binary, pki, backlog, true);
  print("now: listed inactive (revocation first)", backlog, now);
  const Revocation baseline = measure(binary, pki, baseline_backlog, false);
  print("baseline: sent after the additions", baseline_backlog, baseline);
  // Computed, not measured: the window admits 60 at once, then one write a second.
  std::printf("after the additions with a backlog of %zu at 60/min (computed): about %zu s\n", backlog,
              backlog > 60 ? backlog - 60 : std::size_t{0});
  if (!json_file.empty())
    support::write_file(json_file, json::serialize(json::object{
                                       {"revoke_bench", json::array{to_json(now, backlog, "revocation_first"),
                                                                    to_json(baseline, baseline_backlog, "after_additions")}}}));
  // The target: the first write, within the first second of the apply phase.
  const bool met = now.writes_before == 0 && now.seconds_into_apply < 1.0;
  if (!met) std::fprintf(stderr, "revoke_bench: the leaver's PATCH was not the first write within a second\n");
  return met ? 0 : 2;
}

}  // namespace
}  // namespace oss::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description description("revoke_bench: time to revoke a leaver behind a backlog of creates");
  description.add_options()("help,h", "this text")
      ("binary", po::value<std::string>()->default_value(OSS_DAEMON_BINARY), "the omni-scim-sync binary")
      ("backlog", po::value<std::size_t>()->default_value(1000), "creates ahead of the leaver")
      ("baseline-backlog", po::value<std::size_t>()->default_value(100),
       "creates ahead of the leaver in the baseline run (one second each at the quota)")
      ("json", po::value<std::string>()->default_value(""), "also write the figures to this file");
  return oss::bench::bench_main(argc, argv, description, "revoke_bench", [](const po::variables_map& args) {
    return oss::bench::run_all(args["binary"].as<std::string>(), args["backlog"].as<std::size_t>(),
                               args["baseline-backlog"].as<std::size_t>(), args["json"].as<std::string>());
  });
}
