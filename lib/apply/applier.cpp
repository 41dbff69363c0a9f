#include "apply/applier.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "plan/planner.hpp"

namespace oss::apply {

namespace asio = boost::asio;

namespace {

std::vector<std::string> changed_fields(const plan::Operation& operation) {
  std::vector<std::string> fields;
  if (const auto* update = std::get_if<plan::Update>(&operation)) {
    if (update->display_name) fields.emplace_back("displayName");
    if (update->active) fields.emplace_back("active");
    for (const auto& change : update->attributes) fields.push_back("attributes." + change.reference);
  } else if (const auto* create = std::get_if<plan::Create>(&operation)) {
    fields = {"userName", "displayName", "active"};
    for (const auto& [reference, value] : create->user.attributes) fields.push_back("attributes." + reference);
  } else if (std::holds_alternative<plan::Deactivate>(operation)) {
    fields.emplace_back("active");
  }
  return fields;
}

}  // namespace

std::size_t ApplyReport::applied_total() const {
  std::size_t total = 0;
  for (const auto& [op, n] : applied) total += n;
  return total;
}

std::size_t ApplyReport::failed_total() const {
  std::size_t total = 0;
  for (const auto& [op, n] : failed) total += n;
  return total;
}

Applier::Applier(const asio::any_io_executor& executor, omni::ScimClient& client, plan::Policy policy,
                 std::size_t concurrency, AuditLog* audit, Progress* progress)
    : executor_(executor), client_(client), policy_(std::move(policy)), concurrency_(std::max<std::size_t>(1, concurrency)),
      audit_(audit), progress_(progress) {}

void Applier::record(const plan::Operation& operation, const std::string& id, int status, const std::string& outcome,
                     const std::string& error) {
  if (!audit_) return;
  audit_->record(AuditEntry{plan::op_name(operation), plan::op_user_name(operation), id, changed_fields(operation),
                            status, outcome, error, {}});
}

asio::awaitable<std::size_t> Applier::send_replanned(std::span<const model::User> desired,
                                                     std::span<const model::RemoteUser> remote) {
  const plan::Plan replan = plan::diff(desired, remote, policy_);
  std::size_t sent = 0;
  for (const auto& follow_up : replan.operations) {
    const auto* deactivate = std::get_if<plan::Deactivate>(&follow_up);
    if (plan::removes_access(follow_up) && !(deactivate && deactivate->from_source)) continue;
    co_await send(follow_up, false);
    ++sent;
  }
  co_return sent;
}

asio::awaitable<void> Applier::look_up_gone(const plan::Operation& operation) {
  const std::string& user_name = plan::op_user_name(operation);
  ++report_.looked_up;
  std::optional<model::RemoteUser> found = co_await client_.find_by_user_name(user_name);
  if (observer_) {
    observer_->gone(plan::op_id(operation));
    if (found) observer_->seen(*found);
  }
  const model::User* desired = desired_(user_name);
  spdlog::info("{} {}: no longer at Omni under id {} (404); {}", plan::op_name(operation), user_name,
               plan::op_id(operation), found ? "found under id " + found->id + ", planned again" : "planned again");
  const std::span<const model::User> desired_span = desired ? std::span<const model::User>(desired, 1)
                                                            : std::span<const model::User>();
  const std::span<const model::RemoteUser> remote_span = found ? std::span<const model::RemoteUser>(&*found, 1)
                                                               : std::span<const model::RemoteUser>();
  const std::size_t sent = co_await send_replanned(desired_span, remote_span);
  if (sent == 0) {
    ++report_.gone;
    record(operation, plan::op_id(operation), 404, "gone");
  }
}

void Applier::count_applied(const plan::Operation& operation) {
  ++report_.applied[plan::op_name(operation)];
  if (const auto* deactivate = std::get_if<plan::Deactivate>(&operation))
    report_.revocations.push_back({deactivate->from_source, std::chrono::steady_clock::now()});
  if (report_.applied_sample.size() < ApplyReport::kAppliedSample) report_.applied_sample.push_back(operation);
}

asio::awaitable<void> Applier::send(const plan::Operation& operation, bool may_look_up) {
  const char* op = plan::op_name(operation);
  if (const auto* create = std::get_if<plan::Create>(&operation)) {
    omni::CreateResult created = co_await client_.create(create->user);
    created_ids_[model::normalise_user_name(create->user.user_name)] = created.user.id;
    if (!created.adopted) {
      // Counted before its audit line: if that line cannot be written, Omni has still made the user.
      count_applied(operation);
      if (observer_) observer_->written(operation, created.user.id);
      record(operation, created.user.id, created.status, "applied");
      co_return;
    }
    // A POST whose answer was lost, or someone else was faster: take the existing user and bring it in step.
    ++report_.adopted;
    if (observer_) observer_->seen(created.user);
    record(operation, created.user.id, created.status, "adopted");
    spdlog::info("create {}: already exists at Omni (id {}); adopted", create->user.user_name, created.user.id);
    const model::User desired[] = {create->user};
    const model::RemoteUser remote[] = {created.user};
    if (co_await send_replanned(desired, remote) == 0) count_applied(operation);
    co_return;
  }
  int status = 0;
  if (const auto* update = std::get_if<plan::Update>(&operation)) status = co_await client_.patch(*update);
  else if (const auto* deactivate = std::get_if<plan::Deactivate>(&operation)) status = co_await client_.deactivate(deactivate->id);
  else if (const auto* remove = std::get_if<plan::Delete>(&operation)) status = co_await client_.remove(remove->id);
  if (status == 404 && desired_ && may_look_up) {
    co_await look_up_gone(operation);
    co_return;
  }
  if (status == 404) {
    ++report_.gone;
    if (observer_) observer_->gone(plan::op_id(operation));
    record(operation, plan::op_id(operation), status, "gone");
    spdlog::info("{} {}: no longer at Omni (404); nothing to do", op, plan::op_user_name(operation));
    co_return;
  }
  count_applied(operation);
  if (observer_) observer_->written(operation, plan::op_id(operation));
  record(operation, plan::op_id(operation), status, "applied");
}

asio::awaitable<std::optional<std::string>> Applier::run_reported(const char* op, const std::string& subject,
                                                                  asio::awaitable<void> work) {
  std::string failure;
  try {
    co_await std::move(work);
  } catch (const omni::KeyRefused& error) {
    // Every further write would be refused too: stop at once and say why.
    report_.key_refused = true;
    report_.key_refused_message = error.what();
    stop();
    failure = error.what();
  } catch (const schedule::SchedulerStopped&) {
    ++report_.not_started;
    co_return std::nullopt;
  } catch (const AuditWriteFailed& error) {
    // Thrown after Omni answered: the write is counted as applied, never as failed.
    stop_unaudited(std::string(op) + " " + subject, error);
  } catch (const std::exception& error) {
    failure = error.what();
  }
  if (!failure.empty()) {
    ++report_.failed[op];
    report_.failures.push_back(std::string(op) + " " + subject + ": " + failure);
    spdlog::error("{} {} failed: {}", op, subject, failure);
  }
  if (progress_) progress_->step();
  co_return failure;
}

void Applier::keep_audit_failure(const AuditWriteFailed& error) {
  if (report_.audit_failure.empty()) {
    report_.audit_failure = error.what();
    spdlog::error("the audit log cannot be written ({}): stopping, so that nothing more is sent unrecorded", error.what());
  }
  stop();
}

void Applier::stop_unaudited(const std::string& what, const AuditWriteFailed& error) {
  report_.unaudited.push_back(what);
  spdlog::error("{}: applied at Omni, not audited", what);
  keep_audit_failure(error);
}

asio::awaitable<void> Applier::apply_one(const plan::Operation& operation) {
  const auto failure = co_await run_reported(plan::op_name(operation), plan::op_user_name(operation), send(operation));
  if (!failure || failure->empty()) co_return;
  record_failure_line([&] { record(operation, plan::op_id(operation), 0, "failed", *failure); });
}

void Applier::record_failure_line(const std::function<void()>& write_line) {
  // Nothing was applied, so nothing goes unaudited; but the log is broken, so stop sending.
  try {
    write_line();
  } catch (const AuditWriteFailed& error) {
    keep_audit_failure(error);
  }
}

asio::awaitable<void> Applier::run_phase(std::span<const plan::Operation> operations) {
  std::size_t next = 0;
  std::size_t running = 0;
  asio::steady_timer all_done(executor_, std::chrono::steady_clock::time_point::max());
  const std::size_t workers = std::min(concurrency_, operations.size());
  for (std::size_t w = 0; w < workers; ++w) {
    ++running;
    asio::co_spawn(
        executor_,
        [&]() -> asio::awaitable<void> {
          while (!stopping_ && next < operations.size()) co_await apply_one(operations[next++]);
        },
        [&](std::exception_ptr) {
          if (--running == 0) all_done.cancel();
        });
  }
  while (running > 0) co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));
  report_.not_started += operations.size() - next;
}

asio::awaitable<ApplyReport> Applier::apply(const plan::Plan& plan, const plan::GroupPlan* groups) {
  report_ = {};
  created_ids_.clear();
  // The plan comes laid out by plan::apply_phase (revocations, additions, removals); each phase starts once every
  // call of the one before has ended, so no addition overtakes a revocation and no removal an addition.
  const auto by_phase = [](const plan::Operation& a, const plan::Operation& b) {
    return plan::apply_phase(a) < plan::apply_phase(b);
  };
  if (!std::is_sorted(plan.operations.begin(), plan.operations.end(), by_phase))
    throw std::logic_error("the plan's operations are not in apply-phase order");
  std::span<const plan::Operation> rest(plan.operations);
  for (const plan::ApplyPhase phase : {plan::ApplyPhase::revoke, plan::ApplyPhase::add, plan::ApplyPhase::remove}) {
    const auto end = std::find_if(rest.begin(), rest.end(),
                                  [phase](const plan::Operation& op) { return plan::apply_phase(op) != phase; });
    const auto in_phase = static_cast<std::size_t>(end - rest.begin());
    if (stopping_) break;
    co_await run_phase(rest.first(in_phase));
    rest = rest.subspan(in_phase);
  }
  report_.not_started += rest.size();
  if (groups && !stopping_) co_await apply_groups(*groups);
  else if (groups) report_.not_started += groups->operations.size();
  co_return report_;
}

}  // namespace oss::apply
