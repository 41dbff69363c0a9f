// The small accessors plan.hpp declares.
#include <string>
#include <type_traits>
#include <variant>

#include "plan/plan.hpp"

namespace oss::plan {

namespace {
template <typename T, typename... Ts>
constexpr bool is_one_of = (std::is_same_v<T, Ts> || ...);
}  // namespace

const char* op_name(const Operation& operation) {
  return std::visit(
      [](const auto& op) -> const char* {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, Create>) return "create";
        else if constexpr (std::is_same_v<T, Update>) return "update";
        else if constexpr (std::is_same_v<T, Deactivate>) return "deactivate";
        else return "delete";
      },
      operation);
}

const std::string& op_user_name(const Operation& operation) {
  return std::visit(
      [](const auto& op) -> const std::string& {
        if constexpr (std::is_same_v<std::decay_t<decltype(op)>, Create>) return op.user.user_name;
        else return op.user_name;
      },
      operation);
}

const std::string& op_id(const Operation& operation) {
  static const std::string kNoId;
  return std::visit(
      [](const auto& op) -> const std::string& {
        if constexpr (std::is_same_v<std::decay_t<decltype(op)>, Create>) return kNoId;
        else return op.id;
      },
      operation);
}

bool removes_access(const Operation& operation) {
  return std::visit([](const auto& op) { return is_one_of<std::decay_t<decltype(op)>, Deactivate, Delete>; },
                    operation);
}

ApplyPhase apply_phase(const Operation& operation) {
  if (const auto* deactivate = std::get_if<Deactivate>(&operation); deactivate && deactivate->from_source)
    return ApplyPhase::revoke;
  return removes_access(operation) ? ApplyPhase::remove : ApplyPhase::add;
}

std::chrono::sys_days deletion_day(std::chrono::sys_days first_missed, const Policy& policy) {
  return first_missed + std::chrono::days(policy.delete_after_days);
}

const char* withheld_kind_name(WithheldKind kind) {
  switch (kind) {
    case WithheldKind::protected_user: return "protected_user";
    case WithheldKind::own_user: return "own_user";
    case WithheldKind::delete_threshold: return "delete_threshold";
    case WithheldKind::source_health: return "source_health";
  }
  return "unknown";
}

}  // namespace oss::plan
