#include "sync/reconciler.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <memory>
#include <unordered_map>

#include "cache/cache_file.hpp"
#include "guard/group_guards.hpp"
#include "guard/guards.hpp"
#include "model/utc_time.hpp"
#include "sync/grace_stage.hpp"
#include "net/transport_error.hpp"
#include "omni/group_client.hpp"
#include "plan/group_render.hpp"
#include "plan/plan_counts.hpp"
#include "plan/planner.hpp"
#include "plan/render_json.hpp"
#include "plan/render_text.hpp"
#include "planfile/plan_file_writer.hpp"
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
  boost::json::array unaudited;
  for (const auto& operation : result.report.unaudited) unaudited.emplace_back(operation);
  out["unaudited"] = std::move(unaudited);
  out["kind"] = cycle_kind_name(result.kind);
  out["requests"] = result.requests;
  out["rateLimited"] = result.rate_limited;
  out["elapsedSeconds"] = std::chrono::duration<double>(result.elapsed).count();
  return out;
}

// What a failed call to Omni means for the cycle: a refused key needs the configuration fixed, a stop is a
// stop, anything else is a failure of this cycle only.
CycleResult fail_call(const std::exception_ptr& failure, const std::string& doing, const std::string& base_url,
                      CycleResult result) {
  try {
    std::rethrow_exception(failure);
  } catch (const net::TransportError& error) {
    // No answer at all: the address or the network is at fault, not the key or the data.
    result.outcome = CycleOutcome::omni_failed;
    result.message = "cannot reach Omni at " + base_url + ": " + error.what() + " (while trying to " + doing + ")";
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
  const plan::PlanCounts counts = plan::count(plan);
  text += fmt::format(", withheld {}", counts.withheld);
  if (counts.protected_users) text += fmt::format(", protected {}", counts.protected_users);
  if (report.adopted) text += fmt::format(", adopted {}", report.adopted);
  if (report.gone) text += fmt::format(", already gone {}", report.gone);
  if (report.not_started) text += fmt::format(", not started {}", report.not_started);
  if (!report.unaudited.empty()) text += fmt::format(", applied but not audited {}", report.unaudited.size());
  text += fmt::format("; {} requests, {} rate-limited (429), {}.", requests, rate_limited, seconds_text(elapsed));
  return text;
}

std::string CycleResult::withheld_hint() const {
  for (const auto& withheld : plan.withheld)
    if (plan::is_guard_trip(withheld.kind)) return "Removals were withheld: " + withheld.reason + ".";
  if (groups)
    for (const auto& withheld : groups->withheld)
      if (plan::is_guard_trip(withheld.kind)) return "Group removals were withheld: " + withheld.reason + ".";
  return "Some removals were withheld by a safety guard (see the withheld lines).";
}

Reconciler::Reconciler(const asio::any_io_executor& executor, const config::Config& config, const secret::ApiKey& key)
    : executor_(executor),
      config_(config),
      omni_(executor, config.omni.client, key),
      deadline_(config.sync.cycle_timeout, config.omni.client.requests_per_minute),
      deadline_timer_(executor) {
  omni_.client().on_list_sized([this](std::size_t pages) {
    deadline_.expect_requests(pages, std::chrono::steady_clock::now());
  });
}

const char* cycle_kind_name(CycleKind kind) { return kind == CycleKind::full ? "full" : "incremental"; }

std::string Reconciler::choose_full_reason(const CycleOptions& options) {
  if (!options.incremental) return "a one-shot sync lists everything";
  if (!cache_ && options.cache_from_file) {
    try {
      cache_ = cache::load_cache(config_.state_dir);
    } catch (const cache::CacheError& error) {
      spdlog::warn("ignoring the remote cache: {}", error.what());
      return "the remote cache cannot be used";
    }
    if (!cache_) return "no remote cache yet";
    // A cache from a file was made by another process: the key is verified before it is used.
    key_checked_ = false;
  }
  if (!cache_) return "first cycle since start-up or reload";
  if (cache_->identity().base_url != config_.omni.client.base_url) {
    spdlog::warn("ignoring the remote cache: it was made for {}", cache_->identity().base_url);
    return "the remote cache belongs to another instance";
  }
  if (!cache_distrusted_.empty()) return cache_distrusted_;
  if (config_.sync.groups.enabled && !cache_->groups()) return "the remote cache holds no groups";
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const auto age = now - cache_->listed_unix();
  if (age < 0 || age >= config_.sync.full_interval.count())
    return fmt::format("the last full reconcile was {} s ago (sync.full_interval_seconds: {})", age,
                       config_.sync.full_interval.count());
  return {};
}

void Reconciler::save_plan_file(const CycleOptions& options, const CycleResult& result,
                                const guard::GuardPolicy& guards, std::ostream& out) {
  planfile::PlanOrigin origin;
  origin.instance = config_.omni.client.base_url;
  origin.key_owner = who_ ? who_->user_id : std::string();
  origin.made_unix = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  origin.made_by = "omni-scim-sync " + options.program_version;
  origin.policy = config_.sync.policy;
  origin.guards = guards;
  origin.remote_users = cache_->size();
  const auto group_by_id = [this](const std::string& id) -> const model::RemoteGroup* {
    if (!cache_->groups()) return nullptr;
    for (const model::RemoteGroup& group : *cache_->groups())
      if (group.id == id) return &group;
    return nullptr;
  };
  const std::string sha256 = planfile::write_plan_file(
      options.plan_out, origin, result.plan, result.groups ? &*result.groups : nullptr,
      [this](const std::string& id) { return std::as_const(*cache_).find(id); }, group_by_id);
  const std::string saved = fmt::format("Plan saved to {} (sha256 {}): apply it with `omni-scim-sync apply {}`",
                                        options.plan_out.string(), sha256, options.plan_out.string());
  // stdout holds nothing but the JSON document with --output json.
  if (options.output == OutputFormat::text) out << saved << std::endl;
  else spdlog::info("{}", saved);
}

void Reconciler::settle_cache(const apply::ApplyReport& report) {
  // A write that failed may still have taken effect at Omni (its answer lost): the cache cannot tell, so the
  // next cycle lists everything. Stopped and refused runs likewise.
  if (report.failed_total() > 0) cache_distrusted_ = "the last apply had failed operations";
  else if (report.key_refused) cache_distrusted_ = "the key was refused";
  else if (halted() || report.not_started > 0) cache_distrusted_ = "the last apply was stopped";
  if (!cache_distrusted_.empty()) return;
  try {
    cache::save_cache(config_.state_dir, *cache_);
  } catch (const std::exception& error) {
    spdlog::warn("cannot save the remote cache: {}", error.what());
  }
}

void Reconciler::cancel_cycle() {
  cycle_cancelled_ = true;
  spdlog::error("the cycle ran past its deadline (sync.cycle_timeout_seconds: {} s, plus twice the time its requests "
                "need at the configured rate): stopping it; requests in flight finish",
                config_.sync.cycle_timeout.count());
  read_stop_.request_stop();
  if (applier_) applier_->stop();
  omni_.scheduler().refuse_new();
}

asio::awaitable<void> Reconciler::watch_deadline(std::shared_ptr<const bool> cycle_ended) {
  // Re-armed whenever the deadline grew while it waited; touches nothing of `this` once the cycle has ended (the
  // reconciler may be gone by then).
  for (;;) {
    deadline_timer_.expires_at(deadline_.deadline());
    boost::system::error_code ec;
    co_await deadline_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (*cycle_ended) co_return;
    if (deadline_.passed(std::chrono::steady_clock::now())) {
      cancel_cycle();
      co_return;
    }
  }
}

void Reconciler::stop() {
  stopping_ = true;
  read_stop_.request_stop();
  if (applier_) applier_->stop();
  omni_.scheduler().shutdown();
}

asio::awaitable<CycleResult> Reconciler::run_cycle(const CycleOptions& options, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const auto stats_before = omni_.scheduler().stats();
  // A new cycle after one cut short at its deadline: serve again (a stop by signal stays final).
  if (!stopping_) {
    cycle_cancelled_ = false;
    read_stop_ = std::stop_source();
    omni_.scheduler().resume();
  }
  deadline_.start(started);
  const auto cycle_ended = std::make_shared<bool>(false);
  asio::co_spawn(executor_, watch_deadline(cycle_ended), asio::detached);
  // However the stages end (a held lock throws before anything is sent), the watcher goes: a waiting timer would
  // keep the one-shot sync's event loop, and with it the process, alive until the deadline.
  struct EndWatch {
    bool& ended;
    asio::steady_timer& timer;
    ~EndWatch() {
      ended = true;
      timer.cancel();
    }
  } end_watch{*cycle_ended, deadline_timer_};
  CycleResult result = co_await run_stages(options, out);
  const auto stats_after = omni_.scheduler().stats();
  result.requests = stats_after.started - stats_before.started;
  result.rate_limited = stats_after.rate_limited - stats_before.rate_limited;
  result.started = started;
  result.elapsed = std::chrono::steady_clock::now() - started;
  if (stopping_ && result.outcome != CycleOutcome::key_refused) {
    result.outcome = CycleOutcome::interrupted;
  } else if (cycle_cancelled_ && result.outcome != CycleOutcome::key_refused) {
    result.outcome = CycleOutcome::timed_out;
    result.message = fmt::format("the cycle ran past its deadline after {} s and was cut short ({}); the next cycle "
                                 "goes on from there. Raise sync.cycle_timeout_seconds if it needs longer",
                                 std::chrono::duration_cast<std::chrono::seconds>(result.elapsed).count(),
                                 result.message.empty() ? result.summary() : result.message);
  }
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

  // 1. Full or incremental; the key is verified at every full cycle and once per process otherwise.
  std::string full_reason = choose_full_reason(options);
  std::exception_ptr failure;
  if (!full_reason.empty() || !key_checked_) {
    try {
      who_ = co_await omni_.client().whoami();
      key_checked_ = true;
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) co_return fail_call(failure, "verify the API key", config_.omni.client.base_url, std::move(result));
    if (!who_) spdlog::info("this Omni instance has no /api/v1/whoami; the key type is checked by the first SCIM call");
  }
  const cache::CacheIdentity identity{config_.omni.client.base_url, who_ ? who_->user_id : std::string()};
  if (full_reason.empty() && cache_->identity() != identity) {
    spdlog::warn("ignoring the remote cache: it was made for another API key's owner");
    full_reason = "the remote cache belongs to another key";
  }

  // 2. The source.
  snapshot::Snapshot desired;
  source::SourceOptions source_options = config_.source;
  source_options.stop = read_stop_.get_token();
  try {
    desired = co_await read_off_loop([&source_options] { return source::make_source(source_options)->read(); });
  } catch (const source::SourceStopped&) {
    co_return fail(CycleOutcome::interrupted, "stopped while the source was read");
  } catch (const std::exception& error) {
    co_return fail(CycleOutcome::source_failed, std::string("cannot read the source: ") + error.what());
  }
  result.source_records = desired.users.size();
  for (const auto& skipped : desired.skipped) spdlog::warn("source record skipped: {}", skipped.to_string());
  // Said where a person reviews what the source means (check runs a dry run too), not every daemon cycle.
  if (options.dry_run && desired.no_active_column) spdlog::warn("{}", snapshot::kNoActiveColumnNotice);

  // 3. Omni's users: planned against the cache, unless the writes that needs would cost more than a full list.
  const std::optional<plan::GraceClock> grace = load_grace_clock(config_, model::utc_today());
  const auto plan_users = [&] {
    return plan::diff(desired.users, cache_->users(), config_.sync.policy, grace ? &*grace : nullptr,
                      plan::kParallelPlanFrom);
  };
  plan::Plan planned;
  if (full_reason.empty()) {
    planned = plan_users();
    const std::size_t page = std::max<std::size_t>(1, config_.omni.client.page_size);
    const std::size_t list_cost = (cache_->size() + page - 1) / page;
    if (planned.operations.size() >= std::max<std::size_t>(1, list_cost))
      full_reason = fmt::format("{} changes cost at least what listing Omni's {} users does ({} requests)",
                                planned.operations.size(), cache_->size(), list_cost);
  }
  if (!full_reason.empty()) {
    const auto listed_at = std::chrono::system_clock::now();
    std::vector<model::RemoteUser> remote;
    try {
      remote = co_await omni_.client().list_users();
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) co_return fail_call(failure, "list Omni's users", config_.omni.client.base_url, std::move(result));
    cache_.emplace(identity, std::move(remote),
                   std::chrono::duration_cast<std::chrono::seconds>(listed_at.time_since_epoch()).count());
    cache_distrusted_.clear();
    // This plan is the cycle's last and a full cycle reads no source record after it (no look_up_when_gone), so
    // without groups (which read every record) the people to create move into the plan instead of being copied:
    // a million of them would otherwise be held twice. desired.users keeps its size, which is still read.
    if (config_.sync.groups.enabled)
      planned = plan_users();
    else
      planned = plan::diff_moving_creates(desired.users, cache_->users(), config_.sync.policy,
                                          grace ? &*grace : nullptr, plan::kParallelPlanFrom);
  }
  result.kind = full_reason.empty() ? CycleKind::incremental : CycleKind::full;
  result.full_reason = full_reason;
  result.remote_users = cache_->size();
  const std::span<const model::RemoteUser> remote = cache_->users();
  if (result.kind == CycleKind::incremental)
    spdlog::info("incremental cycle: planned against the remote cache ({} users at Omni)", remote.size());
  else
    spdlog::info("full cycle ({}): listed {} users at Omni", full_reason, remote.size());

  // 3b. Omni's groups, when groups are synced: every page in a full cycle, else as the cache holds them.
  std::vector<model::RemoteGroup> remote_groups;
  if (config_.sync.groups.enabled && result.kind == CycleKind::incremental) {
    remote_groups = *cache_->groups();
  } else if (config_.sync.groups.enabled) {
    try {
      remote_groups = co_await omni::GroupClient(omni_.client()).list_groups();
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) co_return fail_call(failure, "list Omni's groups", config_.omni.client.base_url, std::move(result));
    cache_->set_groups(remote_groups);
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
  if (who_) context.own_user_id = who_->user_id;
  context.remote_users = remote.size();
  context.source_records = desired.users.size();
  context.source_complete = desired.complete();
  if (last_run) context.last_source_records = last_run->source_records;
  result.plan = guard::apply_guards(std::move(planned), guards, context);
  if (config_.sync.groups.enabled)
    result.groups = plan_group_stage(desired.users, remote, remote_groups, result.plan, config_.sync.groups, guards, context);
  const bool pending = !result.plan.empty() || has_group_work(result.groups);

  if (options.output == OutputFormat::text) {
    plan::write_text(out, result.plan);
    if (result.groups) plan::write_group_text(out, *result.groups);
    out.flush();
  }
  if (options.dry_run && !options.plan_out.empty()) save_plan_file(options, result, guards, out);
  const bool tripped = guard::trips_guard(result.plan) || (result.groups && guard::trips_group_guard(*result.groups));

  // 5. Apply.
  if (!options.dry_run && pending && !halted()) {
    deadline_.expect_requests(result.plan.operations.size() + (result.groups ? result.groups->operations.size() : 0),
                              std::chrono::steady_clock::now());
    std::optional<apply::AuditLog> audit;
    audit.emplace(config_.audit_log);
    const std::size_t steps = result.plan.operations.size() + (result.groups ? result.groups->operations.size() : 0);
    apply::Progress progress(executor_, steps, config_.omni.client.requests_per_minute,
                             options.terminal);
    apply::Applier applier(executor_, omni_.client(), config_.sync.policy, config_.omni.client.max_in_flight * 2, &*audit,
                           &progress);
    applier_ = &applier;
    // The cache follows each accepted write; the file goes first, so that a process killed midway leaves none.
    try {
      cache::remove_cache(config_.state_dir);
    } catch (const std::exception& error) {
      spdlog::warn("{}", error.what());
    }
    applier.observe(&*cache_);
    std::unordered_map<std::string, const model::User*> desired_by_name;
    if (result.kind == CycleKind::incremental)
      applier.look_up_when_gone([&](const std::string& user_name) -> const model::User* {
        if (desired_by_name.empty())
          for (const auto& user : desired.users) desired_by_name.emplace(model::normalise_user_name(user.user_name), &user);
        const auto it = desired_by_name.find(model::normalise_user_name(user_name));
        return it == desired_by_name.end() ? nullptr : it->second;
      });
    if (halted()) applier.stop();
    // The reporter runs beside the apply and has ended when this co_await returns: it reads `progress`, which
    // lives in this frame (a detached reporter woke after the frame was freed: heap-use-after-free under ASan).
    const auto apply_then_finish = [&]() -> asio::awaitable<apply::ApplyReport> {
      apply::ApplyReport report = co_await applier.apply(result.plan, result.groups ? &*result.groups : nullptr);
      progress.finish();
      co_return report;
    };
    result.report = co_await (apply_then_finish() && progress.report());
    applier_ = nullptr;
    settle_cache(result.report);
  } else if (!options.dry_run && result.kind == CycleKind::full && !halted()) {
    settle_cache(result.report);   // nothing to send: the fresh list is the cache
  }
  if (!options.dry_run && !halted()) keep_grace_clock(config_, result.plan);
  result.cache_listed_unix = cache_->listed_unix();

  if (options.output == OutputFormat::json) {
    boost::json::object after_the_plan;
    if (result.groups) after_the_plan["groups"] = plan::group_plan_to_json(*result.groups);
    if (!options.dry_run) after_the_plan["result"] = report_to_json(result);
    plan::write_plan_json(out, result.plan, after_the_plan);
    out << '\n';
  }

  if (result.report.key_refused) co_return fail(CycleOutcome::key_refused, result.report.key_refused_message);
  if (!result.report.audit_failure.empty()) {
    // Checked before the failures: what Omni accepted stays "applied", and the admin learns the log has a gap.
    result.outcome = CycleOutcome::not_audited;
    result.message = fmt::format("the audit log could not be written ({}); applied, not audited: {}; the apply stopped",
                                 result.report.audit_failure,
                                 result.report.unaudited.empty() ? std::string("none")
                                                                 : fmt::format("{}", fmt::join(result.report.unaudited, ", ")));
  } else if (result.report.failed_total() > 0) {
    result.outcome = CycleOutcome::some_failed;
    result.message = fmt::format("{} operation(s) failed", result.report.failed_total());
  } else if (tripped) {
    result.outcome = CycleOutcome::guard_withheld;
    result.message = "a safety guard withheld changes (see the withheld lines)";
  } else if (options.dry_run && pending) {
    result.outcome = CycleOutcome::changes_pending;
  }
  // The shrink guard compares against the last run that read a complete source and applied without failures.
  if (!options.dry_run && desired.complete() && result.report.failed_total() == 0 && !halted()) {
    try {
      snapshot::save_last_run(config_.state_dir,
                              snapshot::LastRun{desired.users.size(), cache_->size(),
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
