// The small accessors group_plan.hpp declares.
#include "plan/group_plan.hpp"

#include <type_traits>

namespace oss::plan {

const char* group_op_name(const GroupOperation& operation) {
  return std::visit(
      [](const auto& op) -> const char* {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, CreateGroup>) return "create_group";
        else if constexpr (std::is_same_v<T, UpdateGroup>) return "update_group";
        else return "delete_group";
      },
      operation);
}

const std::string& group_display_name(const GroupOperation& operation) {
  return std::visit([](const auto& op) -> const std::string& { return op.display_name; }, operation);
}

}  // namespace oss::plan
