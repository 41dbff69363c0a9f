#pragma once
// Short builders for users and operations in the plan and guard tables, and readable gtest output for them.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "model/user.hpp"
#include "plan/plan.hpp"
#include "plan/render_text.hpp"

namespace oss::plan {

// gtest prints Operations through these (found by ADL): the plan's own text line plus the id.
inline void PrintTo(const Create& op, std::ostream* os) { *os << operation_line(op); }
inline void PrintTo(const Update& op, std::ostream* os) { *os << operation_line(op) << " [id " << op.id << "]"; }
inline void PrintTo(const Deactivate& op, std::ostream* os) { *os << operation_line(op) << " [id " << op.id << "]"; }
inline void PrintTo(const Delete& op, std::ostream* os) { *os << operation_line(op); }

}  // namespace oss::plan

namespace oss::plan::testing {

using AttributeList = std::vector<std::pair<std::string, model::AttributeValue>>;

inline model::AttributeValue text(std::string value) { return model::AttributeValue{std::move(value)}; }
inline model::AttributeValue number(double value) { return model::AttributeValue{value}; }

inline model::User person(std::string user_name, std::string display_name, bool active = true,
                          const AttributeList& attributes = {}) {
  model::User user{std::move(user_name), std::move(display_name), active, {}, {}};
  for (const auto& [reference, value] : attributes) user.attributes.set(reference, value);
  return user;
}

inline model::RemoteUser at_omni(std::string id, model::User user) { return {std::move(id), std::move(user)}; }

}  // namespace oss::plan::testing
