#include "sync/reviewed_apply.hpp"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <map>

#include "apply/audit_log.hpp"
#include "cache/cache_file.hpp"
#include "model/text_escape.hpp"
#include "model/utc_time.hpp"
#include "net/transport_error.hpp"
#include "plan/group_render.hpp"
#include "plan/render_text.hpp"
#include "planfile/group_record.hpp"
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

// The operation with the ids of members created by an earlier, interrupted apply of the same plan.
plan::GroupOperation with_known_ids(plan::GroupOperation operation, const std::map<std::string, std::string>& created) {
  const auto fill = [&](std::vector<plan::MemberRef>& members) {
    for (plan::MemberRef& member : members)
      if (member.id.empty())
        if (const auto it = created.find(model::normalise_user_name(member.user_name)); it != created.end())
          member.id = it->second;
  };
  if (auto* create = std::get_if<plan::CreateGroup>(&operation)) fill(create->members);
  if (auto* update = std::get_if<plan::UpdateGroup>(&operation)) fill(update->add);
  return operation;
}

std::string age_text(std::int64_t seconds) {
  if (seconds >= 2 * 3600) return fmt::format("{} h", seconds / 3600);
  if (seconds >= 120) return fmt::format("{} min", seconds / 60);
  return fmt::format("{} s", seconds);
}

}  // namespace

ReviewedApply::ReviewedApply(const asio::any_io_executor& executor, const config::Config& config,
                             const secret::ApiKey& key)
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
                                                   model::utc_timestamp(file.origin.made_at()) + ")");
  if (age > options.max_age.count())
    co_return ended(ReviewedOutcome::stale,
                    fmt::format("{}: made {} ago, more than --max-age ({}): Omni has had time to change; make a new "
                                "plan (sync --dry-run --plan-out FILE)",
                                where, age_text(age), age_text(options.max_age.count())));

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
  const auto report_stale = [&](const std::string& what, const std::vector<std::string>& differences) {
    ++stale;
    out << "! stale " << model::without_controls(what) << ": ";
    for (std::size_t k = 0; k < differences.size(); ++k) out << (k ? "; " : "") << model::without_controls(differences[k]);
    out << "\n";
  };
  // Users the plan creates that Omni already has (a run killed midway): their ids, for the groups below.
  std::map<std::string, std::string> created_ids;
  for (std::size_t i = 0; i < file.plan.operations.size(); ++i) {
    const plan::Operation& operation = file.plan.operations[i];
    const planfile::Judgement judgement = planfile::judge_record(file.planned[i], operation, touched.records[i]);
    if (judgement.verdict == planfile::RecordVerdict::ready) {
      to_send.operations.push_back(operation);
    } else if (judgement.verdict == planfile::RecordVerdict::done) {
      ++result.done;
      if (std::holds_alternative<plan::Create>(operation))
        created_ids[model::normalise_user_name(plan::op_user_name(operation))] = touched.ids[i];
    } else {
      report_stale(std::string(plan::op_name(operation)) + " " + plan::op_user_name(operation), judgement.differences);
    }
  }
  plan::GroupPlan groups_to_send;
  if (file.groups && !file.groups->operations.empty()) {
    std::vector<std::optional<boost::json::object>> now;
    try {
      now = co_await read_touched_groups(omni_.client(), *file.groups);
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) co_return failed_call(failure, "read the groups the plan touches");
    for (std::size_t i = 0; i < file.groups->operations.size(); ++i) {
      plan::GroupOperation operation = with_known_ids(file.groups->operations[i], created_ids);
      const planfile::Judgement judgement = planfile::judge_group(file.groups_planned[i], operation, now[i]);
      if (judgement.verdict == planfile::RecordVerdict::ready) groups_to_send.operations.push_back(std::move(operation));
      else if (judgement.verdict == planfile::RecordVerdict::done) ++result.done;
      else
        report_stale(std::string(plan::group_op_name(operation)) + " \"" + plan::group_display_name(operation) + "\"",
                     judgement.differences);
    }
  }
  const std::size_t planned_total =
      file.plan.operations.size() + (file.groups ? file.groups->operations.size() : 0);
  const std::size_t ready = to_send.operations.size() + groups_to_send.operations.size();
  out << fmt::format("Plan {} (sha256 {}): {} operations; at Omni {} ready, {} already done, {} changed since the plan "
                     "(users read {}).\n",
                     where, file.sha256, planned_total, ready, result.done, stale,
                     touched.listed ? "with one full list" : "one by one");
  if (stale > 0 && !options.skip_stale) {
    out.flush();
    co_return ended(ReviewedOutcome::stale,
                    fmt::format("{} of the plan's users or groups changed at Omni since it was made: nothing was sent. "
                                "Make a new plan (sync --dry-run --plan-out FILE), or send the others with --skip-stale",
                                stale));
  }
  result.stale_skipped = stale;

  // 4. Exactly the reviewed operations, in the plan's order.
  for (const plan::Operation& operation : to_send.operations) out << plan::operation_line(operation) << "\n";
  for (const plan::GroupOperation& operation : groups_to_send.operations)
    out << plan::group_operation_line(operation) << "\n";
  out.flush();
  if (ready == 0 || stopping_) co_return result;
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
  result.report =
      co_await applier.apply(to_send, groups_to_send.operations.empty() ? nullptr : &groups_to_send);
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
