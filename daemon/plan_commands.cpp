#include "plan_commands.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <fmt/format.h>
#include <iostream>
#include <spdlog/spdlog.h>

#include "config/exit_codes.hpp"
#include "stop_on_signals.hpp"
#include "model/utc_time.hpp"
#include "plan/group_render.hpp"
#include "plan/render_json.hpp"
#include "plan/render_text.hpp"
#include "planfile/plan_file_reader.hpp"
#include "state/run_lock.hpp"
#include "sync/reviewed_apply.hpp"

namespace oss::cli {

namespace asio = boost::asio;

namespace {

std::string made_at(const planfile::PlanFile& file) {
  return model::utc_timestamp(file.origin.made_at());
}

int apply_status(const sync::ReviewedResult& result, int signal_number) {
  switch (result.outcome) {
    case sync::ReviewedOutcome::applied: return config::kExitSuccess;
    case sync::ReviewedOutcome::stale: return config::kExitStalePlan;
    case sync::ReviewedOutcome::rejected: return config::kExitDataError;
    case sync::ReviewedOutcome::key_refused: return config::kExitConfig;
    case sync::ReviewedOutcome::interrupted:
      return signal_number == SIGINT ? config::kExitInterrupted : config::kExitTerminated;
    case sync::ReviewedOutcome::some_failed:
    case sync::ReviewedOutcome::not_audited:
    case sync::ReviewedOutcome::omni_failed: return config::kExitFailure;
  }
  return config::kExitFailure;
}

}  // namespace

int run_show(const Arguments& args) {
  planfile::PlanFile file;
  try {
    file = planfile::read_plan_file(args.plan_file);
  } catch (const planfile::PlanFileRejected& error) {
    std::cerr << "omni-scim-sync: " << error.what() << "\n";
    return config::kExitDataError;
  }
  if (args.json_output) {
    boost::json::value document = plan::plan_to_json(file.plan);
    if (file.groups) document.as_object()["groups"] = plan::group_plan_to_json(*file.groups);
    document.as_object()["planFile"] = boost::json::object{{"sha256", file.sha256},
                                                           {"madeAt", made_at(file)},
                                                           {"madeBy", file.origin.made_by},
                                                           {"instance", file.origin.instance},
                                                           {"keyOwner", file.origin.key_owner}};
    std::cout << boost::json::serialize(document) << '\n';
    return config::kExitSuccess;
  }
  std::cout << fmt::format("Plan file {} (sha256 {})\nmade {} by {} for {} (key owner {})\n", args.plan_file, file.sha256,
                           made_at(file), file.origin.made_by, file.origin.instance,
                           file.origin.key_owner.empty() ? "unknown" : file.origin.key_owner);
  std::cout << plan::render_text(file.plan);
  if (file.groups) std::cout << plan::render_group_text(*file.groups);
  return config::kExitSuccess;
}

int run_apply(const Arguments& args, const config::Config& configuration, const secret::ApiKey& key) {
  asio::io_context io;
  sync::ReviewedApply apply(io.get_executor(), configuration, key);
  StopOnSignals signals(io, [&apply] { apply.stop(); });
  sync::ReviewedApplyOptions options{args.plan_file, args.max_age, args.skip_stale};
  std::optional<sync::ReviewedResult> result;
  std::exception_ptr failure;
  asio::co_spawn(io, apply.run(options, std::cout), [&](std::exception_ptr error, sync::ReviewedResult outcome) {
    failure = error;
    result = std::move(outcome);
    signals.cancel();
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  const apply::ApplyReport& report = result->report;
  // A plan refused before the records were compared has nothing to sum up: the message says it all.
  const bool compared = result->outcome != sync::ReviewedOutcome::rejected && result->outcome != sync::ReviewedOutcome::stale &&
                        (result->done > 0 || report.applied_total() + report.failed_total() + report.not_started > 0 ||
                         result->outcome == sync::ReviewedOutcome::applied);
  if (compared)
    std::cout << fmt::format("Applied {}, failed {}, already done {}, stale and skipped {}, not started {}; {} requests.\n",
                           report.applied_total(), report.failed_total(), result->done, result->stale_skipped,
                           report.not_started, result->requests);
  if (!result->message.empty()) spdlog::error("{}", result->message);
  return apply_status(*result, signals.signal_number());
}

}  // namespace oss::cli
