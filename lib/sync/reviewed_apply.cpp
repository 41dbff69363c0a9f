#include "sync/reviewed_apply.hpp"

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "apply/audit_log.hpp"
#include "cache/cache_file.hpp"
#include "model/text_escape.hpp"
#include "model/utc_time.hpp"
#include "net/transport_error.hpp"
#include "plan/render_text.hpp"
#include "planfile/plan_file_reader.hpp"
#include "planfile/plan_record.hpp"
#include "state/run_lock.hpp"
#include "sync/touched_records.hpp"

namespace oss::sync {

namespace asio = boost::asio;

namespace {

ReviewedResult ended(ReviewedOutcome outcome, std::string message) {
  ReviewedResult result;
  result.outcome = outcome;
  result.message = std::move(message);
  return result;
}

// A call to Omni that failed before anything was sent.
ReviewedResult failed_call(const std::exception_ptr& failure, const std::string& doing) {
  try {
    std::rethrow_exception(failure);
  } catch (const omni::KeyRefused& error) {
    return ended(ReviewedOutcome::key_refused, error.what());
  } catch (const schedule::SchedulerStopped&) {
    return ended(ReviewedOutcome::interrupted, "stopped before it could " + doing);
  } catch (const std::exception& error) {
    return ended(ReviewedOutcome::omni_failed, "cannot " + doing + ": " + error.what());
  }
}

std::string age_text(std::int64_t seconds) {
  if (seconds >= 2 * 3600) return fmt::format("{} h", seconds / 3600);
  if (seconds >= 120) return fmt::format("{} min", seconds / 60);
  return fmt::format("{} s", seconds);
}

}  // namespace

ReviewedApply::ReviewedApply(const asio::any_io_executor& executor, const config::Config& config,
                             const config::ApiKey& key)
    : executor_(executor), config_(config), omni_(executor, config.omni.client, key) {}

void ReviewedApply::stop() {
  stopping_ = true;
  if (applier_) applier_->stop();
  omni_.scheduler().shutdown();
}

asio::awaitable<ReviewedResult> ReviewedApply::run(const ReviewedApplyOptions& options, std::ostream& out) {
  const auto stats_before = omni_.scheduler().stats();
  ReviewedResult result = co_await checked_run(options, out);
  result.requests = omni_.scheduler().stats().started - stats_before.started;
  if (stopping_ && result.outcome != ReviewedOutcome::key_refused) result.outcome = ReviewedOutcome::interrupted;
  co_return result;
}

asio::awaitable<ReviewedResult> ReviewedApply::checked_run(const ReviewedApplyOptions& options, std::ostream& out) {
  // 1. The file, before anything goes over the network.
  planfile::PlanFile file;
  try {
    file = planfile::read_plan_file(options.file);
  } catch (const planfile::PlanFileRejected& error) {
    co_return ended(ReviewedOutcome::rejected, error.what());
  }
  const std::string where = options.file.string();
  if (file.origin.instance != config_.omni.client.base_url)
    co_return ended(ReviewedOutcome::rejected, where + ": made for the instance " + file.origin.instance +
                                                   ", but omni.base_url is " + config_.omni.client.base_url);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  const std::int64_t age = now - file.origin.made_unix;
  // A few minutes of clock skew between the machine that planned and this one are forgiven.
  if (age < -300)
    co_return ended(ReviewedOutcome::rejected, where + ": made in the future (" +
                                                   model::utc_timestamp(std::chrono::system_clock::time_point(
                                                       std::chrono::seconds(file.origin.made_unix))) + ")");
  if (age > options.max_age.count())
    co_return ended(ReviewedOutcome::stale,
                    fmt::format("{}: made {} ago, more than --max-age ({}): Omni has had time to change; make a new "
                                "plan (sync --dry-run --plan-out FILE)",
                                where, age_text(age), age_text(options.max_age.count())));
  const bool has_group_work = file.groups.is_object() && file.groups.as_object().contains("operations") &&
                              !file.groups.at("operations").as_array().empty();
  if (has_group_work)
    co_return ended(ReviewedOutcome::rejected,
                    where + ": holds group operations, which `apply` does not send yet: apply this plan with "
                            "`sync`, or make it with sync.groups.enabled off");

  // 2. One apply at a time, and only with the key of the user who planned.
  state::RunLock lock(config_.state_dir, "apply " + where);
  std::optional<omni::WhoAmI> who;
  std::exception_ptr failure;
  try {
    who = co_await omni_.client().whoami();
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_return failed_call(failure, "verify the API key");
  const std::string owner = who ? who->user_id : std::string();
  if (owner != file.origin.key_owner)
    co_return ended(ReviewedOutcome::rejected,
                    fmt::format("{}: made with the key of Omni user {}, but this key belongs to {}", where,
                                file.origin.key_owner.empty() ? "(unknown)" : file.origin.key_owner,
                                owner.empty() ? "(unknown: no whoami)" : owner));

  // 3. Every record the plan touches, as it is now.
  TouchedRecords touched;
  try {
    touched = co_await read_touched_records(omni_.client(), file, config_.omni.client.page_size);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) co_return failed_call(failure, "read the users the plan touches");
  plan::Plan to_send;
  ReviewedResult result;
  std::size_t stale = 0;
  for (std::size_t i = 0; i < file.plan.operations.size(); ++i) {
    const plan::Operation& operation = file.plan.operations[i];
    const planfile::Judgement judgement = planfile::judge_record(file.planned[i], operation, touched.records[i]);
    if (judgement.verdict == planfile::RecordVerdict::ready) {
      to_send.operations.push_back(operation);
    } else if (judgement.verdict == planfile::RecordVerdict::done) {
      ++result.done;
    } else {
      ++stale;
      out << "! stale " << plan::op_name(operation) << " " << model::without_controls(plan::op_user_name(operation))
          << ": ";
      for (std::size_t k = 0; k < judgement.differences.size(); ++k)
        out << (k ? "; " : "") << model::without_controls(judgement.differences[k]);
      out << "\n";
    }
  }
  out << fmt::format("Plan {} (sha256 {}): {} operations; at Omni {} ready, {} already done, {} changed since the plan "
                     "({}).\n",
                     where, file.sha256, file.plan.operations.size(), to_send.operations.size(), result.done, stale,
                     touched.listed ? "read with one full list" : "read one by one");
  if (stale > 0 && !options.skip_stale) {
    out.flush();
    co_return ended(ReviewedOutcome::stale,
                    fmt::format("{} of the plan's users changed at Omni since it was made: nothing was sent. Make a new "
                                "plan (sync --dry-run --plan-out FILE), or send the others with --skip-stale",
                                stale));
  }
  result.stale_skipped = stale;

  // 4. Exactly the reviewed operations, in the plan's order.
  for (const plan::Operation& operation : to_send.operations) out << plan::operation_line(operation) << "\n";
  out.flush();
  if (to_send.operations.empty() || stopping_) co_return result;
  apply::AuditLog audit(config_.audit_log);
  audit.tag_plan(file.sha256);
  // Omni changes behind the remote cache: the next incremental cycle must list everything.
  try {
    cache::remove_cache(config_.state_dir);
  } catch (const std::exception& error) {
    spdlog::warn("{}", error.what());
  }
  apply::Applier applier(executor_, omni_.client(), file.origin.policy, config_.omni.client.max_in_flight * 2, &audit,
                         nullptr);
  applier_ = &applier;
  result.report = co_await applier.apply(to_send);
  applier_ = nullptr;
  if (result.report.key_refused) {
    result.outcome = ReviewedOutcome::key_refused;
    result.message = result.report.key_refused_message;
  } else if (!result.report.audit_failure.empty()) {
    result.outcome = ReviewedOutcome::not_audited;
    result.message = "the audit log could not be written (" + result.report.audit_failure + "); the apply stopped";
  } else if (result.report.failed_total() > 0) {
    result.outcome = ReviewedOutcome::some_failed;
    result.message = fmt::format("{} operation(s) failed", result.report.failed_total());
  }
  co_return result;
}

}  // namespace oss::sync
