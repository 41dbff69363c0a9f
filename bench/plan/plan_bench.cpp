// P-local: CSV parse and plan for N source rows against N Omni users (1 % new, 1 % gone, 1 % changed), each N in
// its own child process so that peak memory belongs to that N alone, next to the same work done by a plain Python
// script (bench/baseline_plan.py) on the same files. The two processes take turns, one round each (SIGUSR1 starts
// a round), so that a host whose speed drifts from minute to minute slows both sides alike. Each side's first round
// is a warm-up, kept apart and left out of the median: it pays the process's first touch of its heap, which a
// daemon pays once at start, not every sync.
//
//   plan_bench [--sizes 10000,100000,1000000] [--repeat 5] [--json FILE]   the driver: prints a table
//   plan_bench --measure --n N --source FILE --repeat R [--stepped]        one N (the driver runs this)
//   plan_bench --n N [--write-source FILE] [--write-remote FILE]            only write the workload's files (for
//                                                                           bench/process_bench.py; N = 0: no one)
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/measure.hpp"
#include "plan/plan_counts.hpp"
#include "plan/planner.hpp"
#include "plan/workload.hpp"
#include "source/source.hpp"
#include "support/child_process.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::bench {
namespace {

namespace po = boost::program_options;
namespace json = boost::json;

// Stepped rounds (see the top): blocks SIGUSR1 before "ready" is printed, so no signal is lost, then waits for
// one per round and reports each round's end.
class RoundSignal {
 public:
  explicit RoundSignal(bool stepped) : stepped_(stepped) {
    if (!stepped_) return;
    sigemptyset(&set_);
    sigaddset(&set_, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  void ready() const { say("ready"); }
  void await_round() const {
    if (!stepped_) return;
    int signal_number = 0;
    sigwait(&set_, &signal_number);
  }
  void done(int round) const { say("round=" + std::to_string(round) + ";"); }

 private:
  void say(const std::string& text) const {
    if (stepped_) std::cout << text << std::endl;
  }
  bool stepped_;
  sigset_t set_{};
};

// One N in this process: the remote users are built in memory first (in a real sync they come from Omni's list
// pages), then the source file is parsed and planned `repeat` times. Prints one JSON object.
int measure(std::size_t n, const std::filesystem::path& source_file, int repeat, bool stepped) {
  const RoundSignal rounds(stepped);
  const WorkloadShape shape{n};
  const std::vector<model::RemoteUser> remote = make_remote_users(shape);
  const double rss_with_remote = peak_rss_mib();

  source::SourceOptions options;
  options.path = source_file;
  plan::Policy policy;
  policy.deprovision = plan::Deprovision::delete_user;
  policy.manage_attributes = {"department", "region"};

  json::array parse_ms, plan_ms;
  rounds.ready();
  for (int round = 0; round < repeat; ++round) {
    rounds.await_round();
    const auto start = Clock::now();
    const snapshot::Snapshot snapshot = source::read_csv_file(source_file, options);
    const auto parsed = Clock::now();
    const plan::Plan plan = plan::diff(snapshot.users, remote, policy);
    const auto planned = Clock::now();
    parse_ms.push_back(milliseconds_between(start, parsed));
    plan_ms.push_back(milliseconds_between(parsed, planned));

    const plan::PlanCounts counts = plan::count(plan);
    if (snapshot.users.size() != n || counts.create != shape.expected_creates() ||
        counts.update != shape.expected_updates() || counts.remove != shape.expected_deletes() ||
        counts.unchanged != shape.expected_unchanged() || counts.deactivate != 0) {
      std::fprintf(stderr,
                   "plan_bench: wrong plan for N=%zu: %zu rows, %zu create, %zu update, %zu delete, %zu unchanged "
                   "(expected %zu, %zu, %zu, %zu)\n",
                   n, snapshot.users.size(), counts.create, counts.update, counts.remove, counts.unchanged,
                   shape.expected_creates(), shape.expected_updates(), shape.expected_deletes(),
                   shape.expected_unchanged());
      return 1;
    }
    rounds.done(round);
  }
  json::object result{{"n", n},
                      {"parse_ms", parse_ms},
                      {"plan_ms", plan_ms},
                      {"peak_rss_mib", peak_rss_mib()},
                      {"rss_remote_only_mib", rss_with_remote},
                      {"plan", json::object{{"create", shape.expected_creates()},
                                            {"update", shape.expected_updates()},
                                            {"delete", shape.expected_deletes()},
                                            {"unchanged", shape.expected_unchanged()}}}};
  std::cout << json::serialize(result) << std::endl;
  return 0;
}

double median_of(const json::value& values) {
  std::vector<double> numbers;
  for (const auto& value : values.as_array()) numbers.push_back(value.to_number<double>());
  return median(std::move(numbers));
}

constexpr auto kChildTimeout = std::chrono::minutes(10);
constexpr int kWarmUpRounds = 1;

// Removes the warm-up rounds from the front of result[key]; returns them.
json::array take_warm_up(json::object& result, std::string_view key) {
  json::array& all = result[key].as_array();
  json::array warm_up(all.begin(), all.begin() + kWarmUpRounds);
  all.erase(all.begin(), all.begin() + kWarmUpRounds);
  return warm_up;
}

// A measuring process started with --stepped (ours) or the baseline's own equivalent.
class SteppedChild {
 public:
  SteppedChild(support::ChildOptions options, std::string what) : child_(std::move(options)), what_(std::move(what)) {
    expect("ready");
  }
  void run_round(int round) {
    child_.send_signal(SIGUSR1);
    expect("round=" + std::to_string(round) + ";");
  }
  // Waits for the end and returns the JSON object on the last line of its stdout.
  json::object result() {
    const auto status = child_.wait(kChildTimeout);
    if (!status || !status->exited || status->exit_code != 0) fail(status ? status->describe() : "timed out");
    std::string text = child_.stdout_text();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return json::parse(text.substr(text.rfind('\n') + 1)).as_object();
  }

 private:
  void expect(const std::string& line) {
    if (!child_.wait_for_stdout(line, kChildTimeout)) fail("no \"" + line + "\"");
  }
  [[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error(what_ + " failed (" + why + "): " + child_.stderr_text());
  }
  support::ChildProcess child_;
  std::string what_;
};

std::vector<std::size_t> parse_sizes(const std::string& text) {
  std::vector<std::size_t> sizes;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) sizes.push_back(std::stoul(item));
  return sizes;
}

int drive(const std::vector<std::size_t>& sizes, int repeat, const std::string& python,
          const std::filesystem::path& baseline, const std::string& json_file, const std::string& keep_dir) {
  support::TempDir scratch("oss-plan-bench");
  const std::filesystem::path work = keep_dir.empty() ? scratch.path() : std::filesystem::path(keep_dir);
  std::filesystem::create_directories(work);
  json::array rows;
  std::printf("%9s | %9s %9s %9s %8s | %9s %9s %9s %8s | %7s\n", "N", "parse ms", "plan ms", "total ms", "RSS MiB",
              "py parse", "py plan", "py total", "py MiB", "speedup");
  std::fflush(stdout);
  for (const std::size_t n : sizes) {
    const WorkloadShape shape{n};
    const auto source_file = work / ("source-" + std::to_string(n) + ".csv");
    const auto remote_file = work / ("remote-" + std::to_string(n) + ".csv");
    write_source_csv(shape, source_file);
    write_remote_csv(make_remote_users(shape), remote_file);

    const int rounds = kWarmUpRounds + repeat;
    SteppedChild our_side(
        support::ChildOptions({own_executable().string(), "--measure", "--n", std::to_string(n), "--source",
                               source_file.string(), "--repeat", std::to_string(rounds), "--stepped"}),
        "plan_bench --measure --n " + std::to_string(n));
    SteppedChild their_side(
        support::ChildOptions({find_program(python).string(), baseline.string(), source_file.string(),
                               remote_file.string(), std::to_string(rounds), "--stepped"}),
        "baseline_plan.py for N=" + std::to_string(n));
    for (int round = 0; round < rounds; ++round) {
      our_side.run_round(round);
      their_side.run_round(round);
    }
    json::object ours = our_side.result();
    json::object theirs = their_side.result();
    if (theirs["plan"] != ours["plan"])
      throw std::runtime_error("the Python baseline reached a different plan for N=" + std::to_string(n) + ": " +
                               json::serialize(theirs["plan"]) + " vs " + json::serialize(ours["plan"]));

    const json::array warm_up{take_warm_up(ours, "parse_ms"), take_warm_up(ours, "plan_ms"),
                              take_warm_up(theirs, "parse_ms"), take_warm_up(theirs, "plan_ms")};
    const double parse = median_of(ours["parse_ms"]), plan = median_of(ours["plan_ms"]);
    const double py_parse = median_of(theirs["parse_ms"]), py_plan = median_of(theirs["plan_ms"]);
    const double speedup = (py_parse + py_plan) / (parse + plan);
    std::printf("%9zu | %9.1f %9.1f %9.1f %8.0f | %9.1f %9.1f %9.1f %8.0f | %6.1fx\n", n, parse, plan, parse + plan,
                ours["peak_rss_mib"].to_number<double>(), py_parse, py_plan, py_parse + py_plan,
                theirs["peak_rss_mib"].to_number<double>(), speedup);
    std::fflush(stdout);
    rows.push_back(json::object{{"n", n},
                                {"source_bytes", std::filesystem::file_size(source_file)},
                                {"parse_ms", parse},
                                {"plan_ms", plan},
                                {"peak_rss_mib", ours["peak_rss_mib"]},
                                {"rss_remote_only_mib", ours["rss_remote_only_mib"]},
                                {"python_parse_ms", py_parse},
                                {"python_plan_ms", py_plan},
                                {"python_peak_rss_mib", theirs["peak_rss_mib"]},
                                {"speedup", speedup},
                                {"repeat", repeat},
                                {"warm_up_ms", warm_up},  // ours parse, plan, then Python's: not in the medians
                                {"rounds", json::object{{"parse_ms", ours["parse_ms"]},
                                                        {"plan_ms", ours["plan_ms"]},
                                                        {"python_parse_ms", theirs["parse_ms"]},
                                                        {"python_plan_ms", theirs["plan_ms"]}}}});
    if (keep_dir.empty()) {
      std::filesystem::remove(source_file);
      std::filesystem::remove(remote_file);
    }
  }
  if (!json_file.empty()) support::write_file(json_file, json::serialize(json::object{{"plan_bench", rows}}));
  return 0;
}

}  // namespace
}  // namespace oss::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description description("plan_bench: CSV parse + plan for N users, with a Python baseline");
  description.add_options()("help,h", "this text")
      ("sizes", po::value<std::string>()->default_value("10000,100000,1000000"), "N values, comma-separated")
      ("repeat", po::value<int>()->default_value(5), "rounds per N after one warm-up round (the median is reported)")
      ("python", po::value<std::string>()->default_value("python3"), "the Python interpreter")
      ("baseline", po::value<std::string>()->default_value(OSS_BENCH_DIR "/baseline_plan.py"), "the baseline script")
      ("json", po::value<std::string>()->default_value(""), "also write the figures to this file")
      ("keep-files", po::value<std::string>()->default_value(""), "write the generated CSV files here and keep them")
      ("measure", "internal: measure one N in this process")
      ("stepped", "internal: with --measure, one round per SIGUSR1")
      ("n", po::value<std::size_t>(), "N for --measure, --write-source and --write-remote")
      ("write-source", po::value<std::string>(), "write the source CSV of N people to this file and exit")
      ("write-remote", po::value<std::string>(), "write Omni's N users as CSV (the baseline's input) and exit")
      ("source", po::value<std::string>(), "internal: the source file for --measure");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, description), args);
    po::notify(args);
    if (args.count("help")) {
      std::cout << description;
      return 0;
    }
    if (args.count("write-source") || args.count("write-remote")) {
      const oss::bench::WorkloadShape shape{args["n"].as<std::size_t>()};
      if (args.count("write-source")) oss::bench::write_source_csv(shape, args["write-source"].as<std::string>());
      if (args.count("write-remote"))
        oss::bench::write_remote_csv(oss::bench::make_remote_users(shape), args["write-remote"].as<std::string>());
      return 0;
    }
    const int repeat = args["repeat"].as<int>();
    if (args.count("measure"))
      return oss::bench::measure(args["n"].as<std::size_t>(), args["source"].as<std::string>(), repeat,
                                 args.count("stepped") > 0);
    return oss::bench::drive(oss::bench::parse_sizes(args["sizes"].as<std::string>()), repeat,
                             args["python"].as<std::string>(), args["baseline"].as<std::string>(),
                             args["json"].as<std::string>(), args["keep-files"].as<std::string>());
  } catch (const std::exception& error) {
    std::cerr << "plan_bench: " << error.what() << '\n';
    return 1;
  }
}
