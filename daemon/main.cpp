// omni-scim-sync: parse the command line, load the configuration, wire the pieces, run. Nothing else.
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <csignal>
#include <iostream>
#include <sstream>
#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "plan_commands.hpp"
#include "run_command.hpp"
#include "stop_on_signals.hpp"
#include "config/config.hpp"
#include "config/exit_codes.hpp"
#include "config/api_key.hpp"
#include "secret/secret.hpp"
#include "logging/logging.hpp"
#include "service/key_check.hpp"
#include "source/source.hpp"
#include "state/private_files.hpp"
#include "state/run_lock.hpp"
#include "sync/reconciler.hpp"

namespace {

using namespace oss;
namespace asio = boost::asio;

int exit_status(const sync::CycleResult& result, const cli::Arguments& args, int signal_number) {
  switch (result.outcome) {
    case sync::CycleOutcome::interrupted: return signal_number == SIGINT ? config::kExitInterrupted : config::kExitTerminated;
    case sync::CycleOutcome::key_refused: return config::kExitConfig;
    case sync::CycleOutcome::source_failed:
    case sync::CycleOutcome::omni_failed:
    case sync::CycleOutcome::not_audited:
    case sync::CycleOutcome::timed_out:
    case sync::CycleOutcome::some_failed: return config::kExitFailure;
    case sync::CycleOutcome::guard_withheld: return config::kExitGuardWithheld;
    case sync::CycleOutcome::changes_pending: return args.detailed_exitcode ? config::kExitChangesPending : config::kExitSuccess;
    case sync::CycleOutcome::in_step: return config::kExitSuccess;
  }
  return config::kExitFailure;
}

int run_sync(const cli::Arguments& args, const config::Config& configuration, const secret::ApiKey& key) {
  asio::io_context io;
  sync::Reconciler reconciler(io.get_executor(), configuration, key);

  // SIGINT/SIGTERM: stop taking new operations, let those in flight finish, print what was applied.
  cli::StopOnSignals signals(io, [&reconciler] { reconciler.stop(); });

  sync::CycleOptions options;
  options.dry_run = args.dry_run;
  options.incremental = args.incremental;
  options.cache_from_file = args.incremental;
  options.allow_deletes = args.allow_deletes;
  options.output = args.json_output ? sync::OutputFormat::json : sync::OutputFormat::text;
  options.terminal = ::isatty(STDERR_FILENO) == 1;
  options.plan_out = args.plan_out;
  options.program_version = OSS_VERSION;

  std::optional<sync::CycleResult> result;
  std::exception_ptr failure;
  asio::co_spawn(io, reconciler.run_cycle(options, std::cout),
                 [&](std::exception_ptr error, sync::CycleResult cycle) {
                   failure = error;
                   result = std::move(cycle);
                   signals.cancel();
                 });
  io.run();
  if (failure) std::rethrow_exception(failure);

  if (!result->message.empty() && result->outcome != sync::CycleOutcome::guard_withheld)
    spdlog::error("{}", result->message);
  // The plan's own summary line covers a dry run; an apply adds what actually happened.
  if (!args.json_output && !args.dry_run) std::cout << result->summary() << std::endl;
  if (result->outcome == sync::CycleOutcome::guard_withheld) spdlog::warn("{}", result->withheld_hint());
  return exit_status(*result, args, signals.signal_number());
}

int run_check(config::Config configuration, const secret::ApiKey& key) {
  configuration.omni.client = service::quick_check_options(configuration.omni.client);
  const auto snapshot = source::make_source(configuration.source)->read();
  std::cout << "source: " << snapshot.users.size() << " users read from " << snapshot.origin;
  if (!snapshot.complete()) std::cout << " (" << snapshot.skipped.size() << " records skipped)";
  std::cout << "\n";
  asio::io_context io;
  sync::Reconciler reconciler(io.get_executor(), configuration, key);
  // A dry run with no output is the key check: whoami, then the list (which is where a PAT meets its 403).
  sync::CycleOptions options;
  options.dry_run = true;
  std::ostringstream discard;
  std::optional<sync::CycleResult> result;
  std::exception_ptr failure;
  asio::co_spawn(io, reconciler.run_cycle(options, discard), [&](std::exception_ptr error, sync::CycleResult cycle) {
    failure = error;
    result = std::move(cycle);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  if (result->outcome == sync::CycleOutcome::key_refused) {
    spdlog::error("{}", result->message);
    return config::kExitConfig;
  }
  if (result->outcome != sync::CycleOutcome::in_step && result->outcome != sync::CycleOutcome::changes_pending &&
      result->outcome != sync::CycleOutcome::guard_withheld) {
    spdlog::error("{}", result->message);
    return config::kExitFailure;
  }
  std::cout << "omni: the key works; " << result->remote_users << " users listed\nconfiguration OK\n";
  return config::kExitSuccess;
}

}  // namespace

int main(int argc, char** argv) {
  // Before the key is read: a core dump of this process would carry it.
  secret::keep_secrets_out_of_core_dumps();
  cli::Arguments args;
  try {
    args = cli::parse_arguments(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const cli::UsageError& error) {
    std::cerr << "omni-scim-sync: " << error.what() << "\n\n" << cli::usage_text();
    return config::kExitUsage;
  }
  if (args.command == cli::Command::help) {
    std::cout << cli::usage_text();
    return config::kExitSuccess;
  }
  if (args.command == cli::Command::version) {
    std::cout << "omni-scim-sync " << OSS_VERSION << "\n";
    return config::kExitSuccess;
  }

  // The health check needs the configuration but not the key.
  if (args.command == cli::Command::healthcheck) return cli::run_healthcheck(args.config_file);
  // A plan file says everything `show` prints.
  if (args.command == cli::Command::show) return cli::run_show(args);

  config::Config configuration;
  std::optional<secret::ApiKey> key;
  try {
    configuration = config::load_config(args.config_file);
    // Before anything is opened there: a state_dir others may write is a configuration error.
    state::check_private_directory(configuration.state_dir);
    logging::setup_logging(configuration.logging);
    key.emplace(config::load_api_key(configuration.omni));
  } catch (const std::exception& error) {
    std::cerr << "omni-scim-sync: " << error.what() << "\n";
    return config::kExitConfig;
  }

  try {
    switch (args.command) {
      case cli::Command::sync: return run_sync(args, configuration, *key);
      case cli::Command::check: return run_check(configuration, *key);
      case cli::Command::apply: return cli::run_apply(args, configuration, *key);
      case cli::Command::run: return cli::run_daemon(args.config_file, std::move(configuration), std::move(*key));
      default: break;
    }
  } catch (const std::exception& error) {
    // Logging is set up by now: the last line comes in the same format as every other (text or JSON), so that
    // stderr is one kind of line. Only errors before that (usage, configuration) are plain "omni-scim-sync: ...".
    spdlog::error("{}", error.what());
    return config::kExitFailure;
  }
  return config::kExitFailure;
}
