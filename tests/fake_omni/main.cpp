// fake-omni: the fake Omni server as a process, for scripts/demo and process-level tests.
//   fake-omni --make-pki DIR                       writes a throwaway CA + localhost certificate, then exits
//   fake-omni --cert-dir DIR [--port N] [--org-key-env NAME | --org-key-file F] [--pat-file F]
//             [--seed users.json] [--rate N/W[ms] | --rate none] [--retry-after seconds|date|none]
//             [--latency-ms D] [--max-page-size N] [--no-whoami] [--rng-seed N] [--fault-phases SECONDS]
// Prints "listening on https://127.0.0.1:<port>" on stdout once it accepts connections, then serves until
// SIGTERM or SIGINT (SIGUSR1 ends --fault-phases: calm from then on). Keys never come from the command line
// (they would show in ps) and are never printed.
#include <boost/program_options.hpp>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "fake_omni_server.hpp"
#include "fault_phases.hpp"
#include "model/user.hpp"
#include "seed_file.hpp"
#include "support/file_io.hpp"
#include "support/test_pki.hpp"

namespace po = boost::program_options;
using namespace oss::fake_omni;

namespace {

constexpr int kUsageError = 2;

std::optional<RateLimit> parse_rate(const std::string& text, const std::string& retry_after) {
  if (text == "none" || text == "0") return std::nullopt;
  std::string spec = text.ends_with("ms") ? text.substr(0, text.size() - 2) : text;
  std::size_t slash = spec.find('/');
  RateLimit limit;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    limit.max_requests = std::stoul(spec.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("count");
    std::string window = spec.substr(slash + 1);
    limit.window = std::chrono::milliseconds(std::stoul(window, &used));
    if (used != window.size() || limit.window.count() == 0 || limit.max_requests == 0)
      throw std::invalid_argument("window");
  } catch (const std::exception&) {
    throw std::runtime_error("--rate: expected N/WINDOW_MS such as 60/60000, or none; got \"" + text + "\"");
  }
  if (retry_after == "seconds") limit.retry_after = RetryAfterStyle::seconds;
  else if (retry_after == "date") limit.retry_after = RetryAfterStyle::http_date;
  else if (retry_after == "none") limit.retry_after = RetryAfterStyle::none;
  else throw std::runtime_error("--retry-after: expected seconds, date or none; got \"" + retry_after + "\"");
  return limit;
}

std::string read_secret_file(const std::string& path, const char* option) {
  std::string secret(oss::model::trim(oss::support::read_file(path)));
  if (secret.empty()) throw std::runtime_error(std::string(option) + ": " + path + " is empty");
  return secret;
}

std::vector<std::string> read_pats(const std::string& path) {
  std::vector<std::string> pats;
  std::istringstream lines(oss::support::read_file(path));
  for (std::string line; std::getline(lines, line);)
    if (auto pat = oss::model::trim(line); !pat.empty()) pats.emplace_back(pat);
  return pats;
}

int run(const po::variables_map& options) {
  if (options.count("make-pki")) {
    std::string dir = options["make-pki"].as<std::string>();
    oss::support::write_pki(oss::support::make_test_pki(), dir);
    std::cout << "wrote " << dir << "/ca.pem, server.pem, server-key.pem\n";
    return 0;
  }
  if (!options.count("cert-dir")) throw std::runtime_error("--cert-dir is required (or --make-pki DIR)");
  if (options.count("org-key-env") && options.count("org-key-file"))
    throw std::runtime_error("give either --org-key-env or --org-key-file, not both");

  std::string org_key;
  if (options.count("org-key-env")) {
    std::string name = options["org-key-env"].as<std::string>();
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) throw std::runtime_error("--org-key-env: environment variable " + name + " is not set");
    org_key = oss::model::trim(value);
  } else if (options.count("org-key-file")) {
    org_key = read_secret_file(options["org-key-file"].as<std::string>(), "--org-key-file");
  }

  FakeOmniOptions settings;
  settings.rate_limit = parse_rate(options["rate"].as<std::string>(), options["retry-after"].as<std::string>());
  settings.max_page_size = options["max-page-size"].as<std::size_t>();
  settings.whoami_available = !options.count("no-whoami");
  settings.seed = options["rng-seed"].as<std::uint64_t>();

  // Blocked before any thread starts, so that every thread inherits the mask and sigwait below gets them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);   // with --fault-phases: calm from now on (a soak's end, to check convergence)
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  FakeOmniServer server(load_tls_identity(options["cert-dir"].as<std::string>()), settings, "127.0.0.1",
                        options["port"].as<std::uint16_t>());
  server.faults().set_latency(std::chrono::milliseconds(options["latency-ms"].as<unsigned>()));

  std::optional<std::string> owner_id;
  std::size_t seeded = 0;
  if (options.count("seed")) {
    for (const auto& entry : load_seed_file(options["seed"].as<std::string>())) {
      std::string id = entry.embed ? server.seed_embed_user(entry.user) : server.seed_user(entry.user);
      if (entry.owner) owner_id = id;
      ++seeded;
    }
  }
  if (!org_key.empty()) server.add_org_key(org_key, owner_id);
  std::size_t pat_count = 0;
  if (options.count("pat-file"))
    for (const auto& pat : read_pats(options["pat-file"].as<std::string>())) server.add_pat(pat), ++pat_count;

  server.start();
  std::cerr << "fake-omni: " << seeded << " users seeded, " << (org_key.empty() ? "no" : "one")
            << " organization key, " << pat_count << " personal access tokens, rate "
            << (settings.rate_limit ? std::to_string(settings.rate_limit->max_requests) + "/" +
                                          std::to_string(settings.rate_limit->window.count()) + "ms"
                                    : std::string("unlimited"))
            << std::endl;
  std::cout << "listening on " << server.base_url() << std::endl;

  // The soak's weather: a phase every N seconds, announced on stderr (see fault_phases.hpp).
  std::jthread weather;
  if (const unsigned seconds = options["fault-phases"].as<unsigned>(); seconds > 0) {
    weather = std::jthread([&server, usual = settings.rate_limit, seconds](std::stop_token stop) {
      std::mutex mutex;
      std::condition_variable_any wake;
      for (std::size_t phase = 0; !stop.stop_requested(); ++phase) {
        std::cerr << "fake-omni: fault phase: " << enter_fault_phase(server, phase, usual) << std::endl;
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, std::chrono::seconds(seconds), [] { return false; });
      }
    });
  }

  int received = 0;
  while (sigwait(&stop_signals, &received) == 0 && received == SIGUSR1) {
    if (!weather.joinable()) continue;
    weather.request_stop();
    weather.join();
    std::cerr << "fake-omni: fault phase: " << enter_fault_phase(server, 0, settings.rate_limit) << ", for good"
              << std::endl;
  }
  std::cerr << "fake-omni: stopping on signal " << received << std::endl;
  if (weather.joinable()) {
    weather.request_stop();
    weather.join();
  }
  server.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description described("fake-omni: a fake Omni SCIM server over HTTPS, for tests and the demo");
  described.add_options()
      ("help,h", "show this help")
      ("make-pki", po::value<std::string>(), "write ca.pem, server.pem, server-key.pem into DIR and exit")
      ("cert-dir", po::value<std::string>(), "folder with server.pem and server-key.pem")
      ("port", po::value<std::uint16_t>()->default_value(0), "port on 127.0.0.1 (0: any free port)")
      ("org-key-env", po::value<std::string>(), "name of the environment variable holding the organization key")
      ("org-key-file", po::value<std::string>(), "file holding the organization key")
      ("pat-file", po::value<std::string>(), "file with personal access tokens, one a line")
      ("seed", po::value<std::string>(), "JSON file with the users to start with")
      ("rate", po::value<std::string>()->default_value("60/60000"), "rate limit per key: N/WINDOW_MS, or none")
      ("retry-after", po::value<std::string>()->default_value("seconds"), "429 Retry-After: seconds, date or none")
      ("latency-ms", po::value<unsigned>()->default_value(0), "delay every answer by this many milliseconds")
      ("max-page-size", po::value<std::size_t>()->default_value(100), "largest list page")
      ("no-whoami", "answer 404 on /api/v1/whoami, like an older instance")
      ("rng-seed", po::value<std::uint64_t>()->default_value(1), "seed for ids and random faults")
      ("fault-phases", po::value<unsigned>()->default_value(0),
       "go through the soak's fault phases, one every SECONDS: calm, 429s with and without Retry-After, 503s, "
       "dropped connections, slow answers, lost answers (0: off)");
  po::variables_map options;
  try {
    po::store(po::parse_command_line(argc, argv, described), options);
    po::notify(options);
  } catch (const std::exception& e) {
    std::cerr << "fake-omni: " << e.what() << "\n" << described;
    return kUsageError;
  }
  if (options.count("help")) {
    std::cout << described;
    return 0;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "fake-omni: " << e.what() << '\n';
    return 1;
  }
}
