#include "sync/reconciler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "guard/group_guards.hpp"
#include "guard/guards.hpp"
#include "omni/group_client.hpp"
#include "plan/group_render.hpp"
#include "plan/planner.hpp"
#include "plan/render_json.hpp"
#include "plan/render_text.hpp"
#include "snapshot/last_run.hpp"
#include "source/source.hpp"
#include "state/run_lock.hpp"
#include "sync/group_stage.hpp"
#include "sync/off_loop_read.hpp"

namespace oss::sync {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;  // a && b: run both, return when both have ended

namespace {

std::string seconds_text(std::chrono::steady_clock::duration elapsed) {
  return fmt::format("{:.1f} s", std::chrono::duration<double>(elapsed).count());
}

std::string counts_text(const std::map<std::string, std::size_t>& by_op) {
  std::string text;
  for (const auto& [op, n] : by_op) text += fmt::format("{}{} {}", text.empty() ? "" : ", ", op, n);
  return text;
}

boost::json::object report_to_json(const CycleResult& result) {
  boost::json::object out;
  boost::json::object applied, failed;
  for (const auto& [op, n] : result.report.applied) applied[op] = n;
  for (const auto& [op, n] : result.report.failed) failed[op] = n;
  out["applied"] = std::move(applied);
  out["failed"] = std::move(failed);
  boost::json::array failures;
  for (const auto& failure : result.report.failures) failures.emplace_back(failure);
  out["failures"] = std::move(failures);
  out["adopted"] = result.report.adopted;
  out["gone"] = result.report.gone;
  out["notStarted"] = result.report.not_started;
  out["requests"] = result.requests;
  out["rateLimited"] = result.rate_limited;
  out["elapsedSeconds"] = std::chrono::duration<double>(result.elapsed).count();
  return out;
}

// What a failed call to Omni means for the cycle: a refused key needs the configuration fixed, a stop is a
// stop, anything else is a failure of this cycle only.
CycleResult fail_call(const std::exception_ptr& failure, const std::string& doing, CycleResult result) {
  try {
    std::rethrow_exception(failure);
  } catch (const omni::KeyRefused& error) {
    result.outcome = CycleOutcome::key_refused;
    result.message = error.what();
  } catch (const schedule::SchedulerStopped&) {
    result.outcome = CycleOutcome::interrupted;
    result.message = "stopped before it could " + doing;
  } catch (const std::exception& error) {
    result.outcome = CycleOutcome::omni_failed;
    result.message = "cannot " + doing + ": " + error.what();
  }
  return result;
}

}  // namespace

std::string CycleResult::summary() const {
  std::string text = fmt::format("Applied {}", report.applied_total());
  if (!report.applied.empty()) text += " (" + counts_text(report.applied) + ")";
  text += fmt::format(", failed {}", report.failed_total());
  if (!report.failed.empty()) text += " (" + counts_text(report.failed) + ")";
  text += fmt::format(", withheld {}", plan.withheld.size());
  if (report.adopted) text += fmt::format(", adopted {}", report.adopted);
  if (report.gone) text += fmt::format(", already gone {}", report.gone);
  if (report.not_started) text += fmt::format(", not started {}", report.not_started);
  text += fmt::format("; {} requests, {} rate-limited (429), {}.", requests, rate_limited, seconds_text(elapsed));
  return text;
}

Reconciler::Reconciler(const asio::any_io_executor& executor, const config::Config& config, const config::ApiKey& key)
    : executor_(executor),
      config_(config),
      omni_(executor, config.omni.client, key) {}

void Reconciler::stop() {
  stopping_ = true;
  if (applier_) applier_->stop();
  omni_.scheduler().shutdown();
}

asio::awaitable<CycleResult> Reconciler::run_cycle(const CycleOptions& options, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const auto stats_before = omni_.scheduler().stats();
  CycleResult result = co_await run_stages(options, out);
  const auto stats_after = omni_.scheduler().stats();
  result.requests = stats_after.started - stats_before.started;
  result.rate_limited = stats_after.rate_limited - stats_before.rate_limited;
  result.elapsed = std::chrono::steady_clock::now() - started;
  if (stopping_ && result.outcome != CycleOutcome::key_refused) result.outcome = CycleOutcome::interrupted;
  co_return result;
}

asio::awaitable<CycleResult> Reconciler::run_stages(const CycleOptions& options, std::ostream& out) {
  CycleResult result;
  auto fail = [&](CycleOutcome outcome, std::string message) {
    result.outcome = outcome;
    result.message = std::move(message);
    return result;
  };

  // Two runs (a timer and a manual one) must never apply at the same time. A dry run changes nothing.
  std::optional<state::RunLock> lock;
  if (!options.dry_run) lock.emplace(config_.state_dir, options.dry_run ? "sync --dry-run" : "sync");

  // 1. The key: a personal access token is refused before any SCIM call.
  std::optional<omni::WhoAmI> who;
  std::exception_ptr failure;
  try {
    who = co_await omni_.client().whoami();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_return fail_call(failure, "verify the API key", std::move(result));
  if (!who) spdlog::info("this Omni instance has no /api/v1/whoami; the key type is checked by the first SCIM call");

  // 2. The source.
  snapshot::Snapshot desired;
  try {
    desired = co_await read_off_loop([this] { return source::make_source(config_.source)->read(); });
  } catch (const std::exception& error) {
    co_return fail(CycleOutcome::source_failed, std::string("cannot read the source: ") + error.what());
  }
  result.source_records = desired.users.size();
  for (const auto& skipped : desired.skipped) spdlog::warn("source record skipped: {}", skipped.to_string());
  // Said where a person reviews what the source means (check runs a dry run too), not every daemon cycle.
  if (options.dry_run && desired.no_active_column) spdlog::warn("{}", snapshot::kNoActiveColumnNotice);

  // 3. Omni's users, every page.
  std::vector<model::RemoteUser> remote;
  try {
    remote = co_await omni_.client().list_users();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_return fail_call(failure, "list Omni's users", std::move(result));
  result.remote_users = remote.size();

  // 3b. Omni's groups, every page, when groups are synced.
  std::vector<model::RemoteGroup> remote_groups;
  if (config_.sync.groups.enabled) {
    try {
      remote_groups = co_await omni::GroupClient(omni_.client()).list_groups();
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) co_return fail_call(failure, "list Omni's groups", std::move(result));
  }

  // 4. Plan and guard.
  std::optional<snapshot::LastRun> last_run;
  try {
    last_run = snapshot::load_last_run(config_.state_dir);
  } catch (const std::exception& error) {
    spdlog::warn("ignoring the last-run facts: {}", error.what());
  }
  guard::GuardPolicy guards = config_.sync.guards;
  if (options.allow_deletes) guards.allow_deletes = options.allow_deletes;
  guard::GuardContext context;
  if (who) context.own_user_id = who->user_id;
  context.remote_users = remote.size();
  context.source_records = desired.users.size();
  context.source_complete = desired.complete();
  if (last_run) context.last_source_records = last_run->source_records;
  result.plan = guard::apply_guards(plan::diff(desired.users, remote, config_.sync.policy), guards, context);
  if (config_.sync.groups.enabled)
    result.groups = plan_group_stage(desired.users, remote, remote_groups, result.plan, config_.sync.groups, guards, context);
  const bool pending = !result.plan.empty() || has_group_work(result.groups);

  if (options.output == OutputFormat::text) {
    out << plan::render_text(result.plan);
    if (result.groups) out << plan::render_group_text(*result.groups);
    out.flush();
  }
  const bool tripped = guard::trips_guard(result.plan) || (result.groups && guard::trips_group_guard(*result.groups));
  for (const auto& withheld : result.plan.withheld)
    if (withheld.kind == plan::WithheldKind::delete_threshold || withheld.kind == plan::WithheldKind::source_health) {
      spdlog::warn("{}", withheld.reason);
      break;
    }
  if (result.groups)
    for (const auto& withheld : result.groups->withheld)
      if (withheld.kind == plan::WithheldKind::delete_threshold || withheld.kind == plan::WithheldKind::source_health) {
        spdlog::warn("groups: {}", withheld.reason);
        break;
      }

  // 5. Apply.
  if (!options.dry_run && pending && !stopping_) {
    std::optional<apply::AuditLog> audit;
    audit.emplace(config_.audit_log);
    const std::size_t steps = result.plan.operations.size() + (result.groups ? result.groups->operations.size() : 0);
    apply::Progress progress(executor_, steps, config_.omni.client.requests_per_minute,
                             options.terminal);
    apply::Applier applier(executor_, omni_.client(), config_.sync.policy, config_.omni.client.max_in_flight * 2, &*audit,
                           &progress);
    applier_ = &applier;
    if (stopping_) applier.stop();
    // The reporter runs beside the apply and has ended when this co_await returns: it reads `progress`, which
    // lives in this frame (a detached reporter woke after the frame was freed: heap-use-after-free under ASan).
    const auto apply_then_finish = [&]() -> asio::awaitable<apply::ApplyReport> {
      apply::ApplyReport report = co_await applier.apply(result.plan, result.groups ? &*result.groups : nullptr);
      progress.finish();
      co_return report;
    };
    result.report = co_await (apply_then_finish() && progress.report());
    applier_ = nullptr;
  }

  if (options.output == OutputFormat::json) {
    boost::json::value document = plan::plan_to_json(result.plan);
    if (result.groups) document.as_object()["groups"] = plan::group_plan_to_json(*result.groups);
    if (!options.dry_run) document.as_object()["result"] = report_to_json(result);
    out << boost::json::serialize(document) << '\n';
  }

  if (result.report.key_refused) co_return fail(CycleOutcome::key_refused, result.report.key_refused_message);
  if (result.report.failed_total() > 0) {
    result.outcome = CycleOutcome::some_failed;
    result.message = fmt::format("{} operation(s) failed", result.report.failed_total());
  } else if (tripped) {
    result.outcome = CycleOutcome::guard_withheld;
    result.message = "a safety guard withheld changes (see the withheld lines)";
  } else if (options.dry_run && pending) {
    result.outcome = CycleOutcome::changes_pending;
  }
  // The shrink guard compares against the last run that read a complete source and applied without failures.
  if (!options.dry_run && desired.complete() && result.report.failed_total() == 0 && !stopping_) {
    try {
      snapshot::save_last_run(config_.state_dir,
                              snapshot::LastRun{desired.users.size(), remote.size(),
                                                std::chrono::duration_cast<std::chrono::seconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count()});
    } catch (const std::exception& error) {
      spdlog::warn("cannot save the last-run facts: {}", error.what());
    }
  }
  co_return result;
}

}  // namespace oss::sync
