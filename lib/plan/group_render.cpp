#include "plan/group_render.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <sstream>
#include <type_traits>

#include "model/text_escape.hpp"

namespace oss::plan {

using model::quoted;
using model::without_controls;

namespace json = boost::json;

namespace {

// A plan line stays readable for a group of thousands: the first few names, then how many more.
constexpr std::size_t kNamesShown = 10;

std::string names_text(const std::vector<MemberRef>& members) {
  std::string text;
  for (std::size_t i = 0; i < members.size() && i < kNamesShown; ++i)
    text += (i ? ", " : "") + without_controls(members[i].user_name);
  if (members.size() > kNamesShown) text += ", ... " + std::to_string(members.size() - kNamesShown) + " more";
  return text;
}

std::string count_and_names(std::size_t count, const std::vector<MemberRef>& members) {
  return std::to_string(count) + (members.empty() ? std::string() : " (" + names_text(members) + ")");
}

json::array user_names(const std::vector<MemberRef>& members) {
  json::array names;
  names.reserve(members.size());
  for (const MemberRef& member : members) names.emplace_back(member.user_name);
  return names;
}

json::object operation_to_json(const GroupOperation& operation) {
  json::object object{{"op", group_op_name(operation)}, {"displayName", group_display_name(operation)}};
  std::visit(
      [&](const auto& op) {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, CreateGroup>) {
          object["members"] = user_names(op.members);
        } else if constexpr (std::is_same_v<T, UpdateGroup>) {
          object["id"] = op.id;
          if (op.rename) object["rename"] = json::object{{"from", op.display_name}, {"to", *op.rename}};
          object["add"] = user_names(op.add);
          object["remove"] = user_names(op.remove);
        } else {
          object["id"] = op.id;
          object["memberCount"] = op.members;
        }
      },
      operation);
  return object;
}

struct GroupCounts {
  std::size_t create = 0, update = 0, remove = 0;
};

GroupCounts count(const GroupPlan& plan) {
  GroupCounts counts;
  for (const GroupOperation& operation : plan.operations) {
    if (std::holds_alternative<CreateGroup>(operation)) ++counts.create;
    else if (std::holds_alternative<UpdateGroup>(operation)) ++counts.update;
    else ++counts.remove;
  }
  return counts;
}

}  // namespace

std::string group_operation_line(const GroupOperation& operation) {
  return std::visit(
      [](const auto& op) -> std::string {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, CreateGroup>) {
          return "+ create group " + quoted(op.display_name) + " (" + std::to_string(op.members.size()) + " members" +
                 (op.members.empty() ? std::string() : ": " + names_text(op.members)) + ")";
        } else if constexpr (std::is_same_v<T, UpdateGroup>) {
          std::string line = "~ update group " + quoted(op.display_name) + ":";
          const char* separator = " ";
          if (op.rename) {
            line += separator + ("rename -> " + quoted(*op.rename));
            separator = "; ";
          }
          if (!op.add.empty()) {
            line += separator + ("add " + count_and_names(op.add.size(), op.add));
            separator = "; ";
          }
          if (!op.remove.empty()) line += separator + ("remove " + count_and_names(op.remove.size(), op.remove));
          return line;
        } else {
          return "- delete group " + quoted(op.display_name) + " (id " + without_controls(op.id) + ", " +
                 std::to_string(op.members) + " members)";
        }
      },
      operation);
}

void write_group_text(std::ostream& out, const GroupPlan& plan) {
  for (const GroupOperation& operation : plan.operations) out << group_operation_line(operation) << '\n';
  for (const WithheldGroup& withheld : plan.withheld)
    out << "! withheld " << group_operation_line(withheld.operation) << ": " << without_controls(withheld.reason) << '\n';
  for (const std::string& unplaced : plan.unplaced)
    out << "! not placed in group " << without_controls(unplaced) << " (not at Omni and not created in this run)\n";
  const GroupCounts counts = count(plan);
  out << "Groups: " << counts.create << " to create, " << counts.update << " to update, " << counts.remove
      << " to delete, " << plan.unchanged << " unchanged, " << plan.unmanaged << " unmanaged, " << plan.withheld.size()
      << " withheld.\n";
}

std::string render_group_text(const GroupPlan& plan) {
  std::ostringstream out;
  write_group_text(out, plan);
  return std::move(out).str();
}

json::value group_plan_to_json(const GroupPlan& plan) {
  const GroupCounts counts = count(plan);
  json::object document;
  document["summary"] = json::object{{"create", counts.create},       {"update", counts.update},
                                     {"delete", counts.remove},       {"unchanged", plan.unchanged},
                                     {"unmanaged", plan.unmanaged},   {"withheld", plan.withheld.size()}};
  json::array operations;
  for (const GroupOperation& operation : plan.operations) operations.push_back(operation_to_json(operation));
  document["operations"] = std::move(operations);
  json::array withheld;
  for (const WithheldGroup& item : plan.withheld) {
    json::object object = operation_to_json(item.operation);
    object["kind"] = withheld_kind_name(item.kind);
    object["reason"] = item.reason;
    withheld.push_back(std::move(object));
  }
  document["withheld"] = std::move(withheld);
  document["unplaced"] = json::array(plan.unplaced.begin(), plan.unplaced.end());
  return document;
}

}  // namespace oss::plan
