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
        "output", po::value<std::string>(&output))(
        "detailed-exitcode", po::bool_switch(&parsed.detailed_exitcode))("allow-deletes",
                                                                        po::value<std::size_t>(&allow_deletes));
    po::variables_map vm;
    try {
      po::store(po::command_line_parser(rest).options(options).run(), vm);
      po::notify(vm);
    } catch (const po::unknown_option& error) {
      throw UsageError("sync: " + std::string(error.what()) +
                       did_you_mean(error.get_option_name(), {"--dry-run", "--incremental", "--output",
                                                              "--detailed-exitcode", "--allow-deletes"}));
    } catch (const po::error& error) {
      throw UsageError("sync: " + std::string(error.what()));
    }
    if (output != "text" && output != "json") throw UsageError("sync: --output takes text or json, not \"" + output + "\"");
    parsed.json_output = output == "json";
    if (vm.count("allow-deletes")) parsed.allow_deletes = allow_deletes;
    return parsed;
  }
  if (command == "run" || command == "check" || command == "healthcheck") {
    parsed.command = command == "run" ? Command::run : command == "check" ? Command::check : Command::healthcheck;
    if (!rest.empty()) throw UsageError(command + ": unexpected argument \"" + rest.front() + "\"");
    return parsed;
  }
  throw UsageError("unknown command \"" + command + "\"" + did_you_mean(command, {"sync", "run", "check", "healthcheck"}));
}

std::string usage_text() {
  return R"(Usage: omni-scim-sync [--config FILE] COMMAND [OPTIONS]

Keeps the users of an Omni instance in step with your own list of people (a CSV file or a folder of
records), through Omni's SCIM API.

Commands:
  sync [--dry-run] [--incremental] [--output text|json] [--detailed-exitcode] [--allow-deletes N]
            One reconciliation: print the plan, then apply it (not with --dry-run, which sends only GETs).
            It lists all of Omni; --incremental plans against the remote cache in state_dir instead (for
            cron jobs: only the changed people cost requests), falling back to a full one when the cache
            is missing, foreign, distrusted or older than sync.full_interval_seconds.
            --allow-deletes N lets this one run remove up to N users despite sync.max_deletes.
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
  64   usage error
  78   configuration error (including a personal access token instead of an organization key)
  130  interrupted (SIGINT); 143 terminated (SIGTERM)
)";
}

}  // namespace oss::cli
