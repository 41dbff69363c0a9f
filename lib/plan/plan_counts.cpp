#include "plan/plan_counts.hpp"

#include <type_traits>
#include <variant>

namespace oss::plan {

PlanCounts count(const Plan& plan) {
  PlanCounts counts;
  for (const Operation& operation : plan.operations) {
    std::visit(
        [&](const auto& op) {
          using T = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<T, Create>) ++counts.create;
          else if constexpr (std::is_same_v<T, Update>) ++counts.update;
          else if constexpr (std::is_same_v<T, Deactivate>) ++counts.deactivate;
          else ++counts.remove;
        },
        operation);
  }
  counts.unchanged = plan.unchanged;
  for (const Withheld& withheld : plan.withheld) ++(is_left_alone(withheld.kind) ? counts.protected_users : counts.withheld);
  return counts;
}

}  // namespace oss::plan
