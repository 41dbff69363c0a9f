#include "guard/group_guards.hpp"

#include <algorithm>
#include <utility>
#include <variant>

namespace oss::guard {

namespace {

void withhold_removals(plan::GroupPlan& plan, const std::string& reason) {
  std::vector<plan::GroupOperation> kept;
  for (plan::GroupOperation& operation : plan.operations) {
    if (std::holds_alternative<plan::DeleteGroup>(operation)) {
      plan.withheld.push_back({std::move(operation), plan::WithheldKind::source_health, reason});
      continue;
    }
    if (auto* update = std::get_if<plan::UpdateGroup>(&operation); update && !update->remove.empty()) {
      plan::UpdateGroup removals{update->id, update->display_name, std::nullopt, {}, std::move(update->remove)};
      update->remove.clear();
      plan.withheld.push_back({std::move(removals), plan::WithheldKind::source_health, reason});
      if (!update->rename && update->add.empty()) continue;
    }
    kept.push_back(std::move(operation));
  }
  plan.operations = std::move(kept);
}

void limit_deletes(plan::GroupPlan& plan, const GuardPolicy& policy, std::size_t managed_remote_groups) {
  const auto is_delete = [](const plan::GroupOperation& op) { return std::holds_alternative<plan::DeleteGroup>(op); };
  const auto deletes = static_cast<std::size_t>(std::count_if(plan.operations.begin(), plan.operations.end(), is_delete));
  const auto reason = removal_limit_problem(deletes, managed_remote_groups, "managed groups", policy);
  if (!reason) return;
  std::vector<plan::GroupOperation> kept;
  for (plan::GroupOperation& operation : plan.operations) {
    if (is_delete(operation)) plan.withheld.push_back({std::move(operation), plan::WithheldKind::delete_threshold, *reason});
    else kept.push_back(std::move(operation));
  }
  plan.operations = std::move(kept);
}

}  // namespace

plan::GroupPlan apply_group_guards(plan::GroupPlan plan, const GuardPolicy& policy, const GuardContext& context,
                                   std::size_t managed_remote_groups) {
  if (const auto problem = source_health_problem(policy, context)) withhold_removals(plan, *problem);
  limit_deletes(plan, policy, managed_remote_groups);
  return plan;
}

bool trips_group_guard(const plan::GroupPlan& plan) {
  return std::any_of(plan.withheld.begin(), plan.withheld.end(), [](const plan::WithheldGroup& withheld) {
    return plan::is_guard_trip(withheld.kind);
  });
}

}  // namespace oss::guard
