#include "service/cycle_changes_log.hpp"

#include "logging/event.hpp"
#include "plan/group_render.hpp"
#include "plan/render_text.hpp"

namespace oss::service {

using logging::log_event;

namespace {

void log_withheld(const sync::CycleResult& result) {
  std::size_t logged = 0;
  std::size_t left_out = 0;
  const auto log_one = [&](const char* op, const std::string& target, plan::WithheldKind kind, const std::string& reason) {
    if (logged == kLoggedWithheldPerCycle) {
      ++left_out;
      return;
    }
    ++logged;
    log_event(spdlog::level::warn, "withheld",
              {{"op", op}, {"target", target}, {"kind", plan::withheld_kind_name(kind)}, {"reason", reason}});
  };
  for (const auto& withheld : result.plan.withheld)
    if (!plan::is_left_alone(withheld.kind))
      log_one(plan::op_name(withheld.operation), plan::op_user_name(withheld.operation), withheld.kind, withheld.reason);
  if (result.groups)
    for (const auto& withheld : result.groups->withheld)
      log_one(plan::group_op_name(withheld.operation), plan::group_display_name(withheld.operation), withheld.kind,
              withheld.reason);
  if (left_out > 0) log_event(spdlog::level::warn, "more withheld", {{"count", left_out}});
}

void log_applied(const sync::CycleResult& result) {
  const auto& sample = result.report.applied_sample;
  for (const auto& operation : sample)
    log_event(spdlog::level::info, "applied",
              {{"op", plan::op_name(operation)},
               {"target", plan::op_user_name(operation)},
               {"change", plan::operation_line(operation)}});
  const std::size_t applied = result.report.applied_total();
  if (applied > sample.size())
    log_event(spdlog::level::info, "more applied", {{"count", applied - sample.size()}, {"see", "the audit log"}});
}

}  // namespace

void log_cycle_changes(const sync::CycleResult& result) {
  log_withheld(result);
  log_applied(result);
}

}  // namespace oss::service
