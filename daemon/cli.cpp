#include "cli.hpp"

#include <boost/program_options.hpp>

#include "config/closest_key.hpp"
#include "config/exit_codes.hpp"

namespace oss::cli {

namespace po = boost::program_options;

namespace {

// Anything that looks like a key on the command line is refused by name: argv is visible to every local user
// (ps, /proc) and lands in shell history.
void refuse_secrets_in_argv(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    for (const char* name : {"--api-key", "--api_key", "--key", "--token", "--bearer", "--password"}) {
      if (arg.rfind(name, 0) == 0)
        throw UsageError("the API key is never taken from the command line (" + std::string(name) +
                         "): set omni.api_key_env or omni.api_key_file in the configuration");
    }
  }
}

std::vector<std::string> parse_global(const std::vector<std::string>& args, Arguments& parsed, std::string& command) {
  po::options_description global;
  global.add_options()("config,c", po::value<std::string>(&parsed.config_file))("help,h", "")("version,V", "")(
      "command", po::value<std::string>(&command))("rest", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("command", 1).add("rest", -1);
  po::variables_map vm;
  auto result = po::command_line_parser(args).options(global).positional(positional).allow_unregistered().run();
  po::store(result, vm);
  po::notify(vm);
  if (vm.count("version")) parsed.command = Command::version;
  if (vm.count("help")) parsed.command = Command::help;
  // Everything after the command belongs to it, including options global parsing did not know.
  return po::collect_unrecognized(result.options, po::include_positional);
}

// " (did you mean --dry-run?)" for a plausible typo of one of `known`, else "".
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& known) {
  const auto suggestion = config::closest_key(typed, known);
  return suggestion ? " (did you mean " + *suggestion + "?)" : "";
}

}  // namespace

std::chrono::seconds parse_duration(const std::string& text, const std::string& option) {
  std::size_t used = 0;
  long long amount = -1;
  try {
    amount = std::stoll(text, &used);
  } catch (const std::exception&) {
  }
  const std::string unit = used < text.size() ? text.substr(used) : "s";
  const long long scale = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (amount <= 0 || scale == 0 || amount > 3650LL * 86400 / scale)
    throw UsageError(option + " takes a duration such as 90s, 30m, 24h or 7d, not \"" + text + "\"");
  return std::chrono::seconds(amount * scale);
}

Arguments parse_arguments(const std::vector<std::string>& args) {
  refuse_secrets_in_argv(args);
  Arguments parsed;
  parsed.command = Command::sync;  // replaced below; help and version are set only when asked for
  std::string command;
  std::vector<std::string> rest;
  try {
    rest = parse_global(args, parsed, command);
  } catch (const po::error& error) {
    throw UsageError(error.what());
  }
  if (parsed.command == Command::help || parsed.command == Command::version) return parsed;
  if (!rest.empty() && rest.front() == command) rest.erase(rest.begin());
  if (command.empty()) throw UsageError("no command given");

  po::options_description options;
  if (command == "sync") {
    parsed.command = Command::sync;
    std::string output = "text";
    std::size_t allow_deletes = 0;
    options.add_options()("dry-run", po::bool_switch(&parsed.dry_run))("incremental", po::bool_switch(&parsed.incremental))(
        "output", po::value<std::string>(&output))("plan-out", po::value<std::string>(&parsed.plan_out))(
        "detailed-exitcode", po::bool_switch(&parsed.detailed_exitcode))("allow-deletes",
                                                                        po::value<std::size_t>(&allow_deletes));
    po::variables_map vm;
    try {
      po::store(po::command_line_parser(rest).options(options).run(), vm);
      po::notify(vm);
    } catch (const po::unknown_option& error) {
      throw UsageError("sync: " + std::string(error.what()) +
                       did_you_mean(error.get_option_name(), {"--dry-run", "--incremental", "--output",
                                                              "--detailed-exitcode", "--allow-deletes", "--plan-out"}));
    } catch (const po::error& error) {
      throw UsageError("sync: " + std::string(error.what()));
    }
    if (output != "text" && output != "json") throw UsageError("sync: --output takes text or json, not \"" + output + "\"");
    parsed.json_output = output == "json";
    if (vm.count("allow-deletes")) parsed.allow_deletes = allow_deletes;
    // A plan file is reviewed before it is applied: one written while applying would describe the past.
    if (!parsed.plan_out.empty() && !parsed.dry_run) throw UsageError("sync: --plan-out needs --dry-run");
    return parsed;
  }
  if (command == "apply" || command == "show") {
    const bool apply = command == "apply";
    parsed.command = apply ? Command::apply : Command::show;
    std::string output = "text", max_age;
    po::positional_options_description positional;
    positional.add("file", 1);
    options.add_options()("file", po::value<std::string>(&parsed.plan_file));
    if (apply) options.add_options()("max-age", po::value<std::string>(&max_age))("skip-stale", po::bool_switch(&parsed.skip_stale));
    else options.add_options()("output", po::value<std::string>(&output));
    const std::vector<std::string> known = apply ? std::vector<std::string>{"--max-age", "--skip-stale"}
                                                 : std::vector<std::string>{"--output"};
    po::variables_map vm;
    try {
      po::store(po::command_line_parser(rest).options(options).positional(positional).run(), vm);
      po::notify(vm);
    } catch (const po::unknown_option& error) {
      throw UsageError(command + ": " + error.what() + did_you_mean(error.get_option_name(), known));
    } catch (const po::error& error) {
      throw UsageError(command + ": " + error.what());
    }
    if (parsed.plan_file.empty()) throw UsageError(command + ": which plan file? (" + command + " FILE)");
    if (output != "text" && output != "json") throw UsageError("show: --output takes text or json, not \"" + output + "\"");
    parsed.json_output = output == "json";
    if (!max_age.empty()) parsed.max_age = parse_duration(max_age, "apply: --max-age");
    return parsed;
  }
  if (command == "run" || command == "check" || command == "healthcheck") {
    parsed.command = command == "run" ? Command::run : command == "check" ? Command::check : Command::healthcheck;
    if (!rest.empty()) throw UsageError(command + ": unexpected argument \"" + rest.front() + "\"");
    return parsed;
  }
  throw UsageError("unknown command \"" + command + "\"" + did_you_mean(command, {"sync", "apply", "show", "run", "check", "healthcheck"}));
}

std::string usage_text() {
  return R"(Usage: omni-scim-sync [--config FILE] COMMAND [OPTIONS]

Keeps the users of an Omni instance in step with your own list of people (a CSV file or a folder of
records), through Omni's SCIM API.

Commands:
  sync [--dry-run] [--incremental] [--output text|json] [--detailed-exitcode] [--allow-deletes N] [--plan-out FILE]
            One reconciliation: print the plan, then apply it (not with --dry-run, which sends only GETs).
            It lists all of Omni; --incremental plans against the remote cache in state_dir instead (for
            cron jobs: only the changed people cost requests), falling back to a full one when the cache
            is missing, foreign, distrusted or older than sync.full_interval_seconds.
            --allow-deletes N lets this one run remove up to N users despite sync.max_deletes.
            --plan-out FILE (with --dry-run) also saves the plan as a reviewed plan file (mode 0600).
  apply FILE [--max-age DURATION] [--skip-stale]
            Send exactly the operations of a plan file, once its sha256, instance, key owner and age
            (--max-age, default 24h) check out and every user it touches is still as planned at Omni.
            A stale plan is refused whole (exit 4) unless --skip-stale, which sends the unchanged rest.
  show FILE [--output text|json]
            Print a plan file as `sync` prints a plan.
  run       Run as a daemon: a reconciliation every sync.interval_seconds, incremental between full
            ones (at start-up, after a reload, every sync.full_interval_seconds).
  check     Validate the configuration, read the source and verify the API key; change nothing.
  healthcheck
            Ask the running daemon's /healthz (on metrics.listen, through loopback): exit 0 when healthy,
            1 otherwise. Needs no API key; meant for Docker's HEALTHCHECK.

Options:
  -c, --config FILE   configuration file (default /etc/omni-scim-sync/config.yaml)
  -h, --help          this text
  -V, --version       the version

The API key is read from the environment variable named by omni.api_key_env (default OMNI_API_KEY) or from
omni.api_key_file, never from the command line. It must be an organization API key.

Exit status:
  0    success (in step, or everything applied)
  1    runtime failure (some operations failed, Omni or the source unreachable, another run holds the lock)
  2    changes pending (sync --dry-run --detailed-exitcode only)
  3    a safety guard withheld changes (too many removals, or an empty, incomplete or shrunken source)
  4    apply: the plan is stale (users changed at Omni since it was made) or older than --max-age
  64   usage error
  65   apply, show: not a plan file to apply here (edited, another schema, instance or key owner)
  78   configuration error (including a personal access token instead of an organization key)
  130  interrupted (SIGINT); 143 terminated (SIGTERM)
)";
}

}  // namespace oss::cli
