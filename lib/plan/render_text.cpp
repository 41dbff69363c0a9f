#include "plan/render_text.hpp"

#include <sstream>
#include <type_traits>
#include <variant>

#include "plan/plan_counts.hpp"
#include "model/text_escape.hpp"
#include "model/utc_time.hpp"

namespace oss::plan {

using model::append_quoted;
using model::append_without_controls;
using model::quoted;
using model::without_controls;

namespace {

// Like model::to_display, but strings go through quoted(): attribute values are as untrusted as names.
void append_value_text(std::string& out, const model::AttributeValue& value) {
  const auto append_scalar = [&out](const model::AttributeScalar& scalar) {
    if (const auto* text = std::get_if<std::string>(&scalar)) append_quoted(out, *text);
    else out += std::visit([](const auto& v) { return model::to_display(model::AttributeValue{v}); }, scalar);
  };
  if (const auto* list = std::get_if<model::AttributeList>(&value)) {
    out += '[';
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (i > 0) out += ", ";
      append_scalar((*list)[i]);
    }
    out += ']';
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    append_quoted(out, *text);
  } else {
    out += model::to_display(value);
  }
}

std::string value_text(const model::AttributeValue& value) {
  std::string out;
  append_value_text(out, value);
  return out;
}

std::string optional_value_text(const std::optional<model::AttributeValue>& value, const char* when_absent) {
  return value ? value_text(*value) : std::string(when_absent);
}

// Appended piece by piece into one string: at a million creates, these lines are most of what a dry run does.
std::string create_line(const Create& create) {
  const model::User& user = create.user;
  std::string line = "+ create ";
  append_without_controls(line, user.user_name);
  line += " (displayName ";
  append_quoted(line, user.display_name);
  line += user.active ? ", active" : ", inactive";
  for (const auto& [reference, value] : user.attributes) {
    line += ", ";
    append_without_controls(line, reference);
    line += '=';
    append_value_text(line, value);
  }
  line += ')';
  return line;
}

// A reactivation says so first ("~ reactivate x (back in the source)"); other changes follow after a colon.
std::string update_line(const Update& update) {
  const bool reactivation = update.active.value_or(false);
  std::string line = reactivation ? "~ reactivate " + without_controls(update.user_name) +
                                        (update.back_in_source ? " (back in the source)" : " (active in the source)")
                                  : "~ update " + without_controls(update.user_name);
  const char* separator = ": ";
  const auto field = [&](const std::string& name, const std::string& before, const std::string& after) {
    line += separator + name + ": " + before + " -> " + after;
    separator = "; ";
  };
  if (update.display_name) field("displayName", quoted(update.display_name->first), quoted(update.display_name->second));
  if (update.active && !reactivation) field("active", "true", "false");
  for (const AttributeChange& change : update.attributes)
    field("attributes." + without_controls(change.reference), optional_value_text(change.before, "(unset)"),
          optional_value_text(change.after, "(cleared)"));
  return line;
}

}  // namespace

std::string operation_line(const Operation& operation) {
  return std::visit(
      [](const auto& op) -> std::string {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, Create>) {
          return create_line(op);
        } else if constexpr (std::is_same_v<T, Update>) {
          return update_line(op);
        } else if constexpr (std::is_same_v<T, Deactivate>) {
          std::string line = "- deactivate " + without_controls(op.user_name);
          if (op.from_source) line += " (inactive in the source)";
          else if (op.delete_on)
            line += " (gone from the source; deleted on " + model::format_day(*op.delete_on) + " unless they return)";
          return line;
        } else {
          std::string line = "- delete " + without_controls(op.user_name) + " (";
          if (op.gone_since)
            line += "gone since " + model::format_day(*op.gone_since) + ", " + std::to_string(op.grace_days) + " days; ";
          return line + "id " + without_controls(op.id) + ")";
        }
      },
      operation);
}

void write_text(std::ostream& out, const Plan& plan) {
  for (const Operation& operation : plan.operations) out << operation_line(operation) << '\n';
  for (const Withheld& withheld : plan.withheld)
    if (!is_left_alone(withheld.kind))
      out << "! withheld " << op_name(withheld.operation) << " " << without_controls(op_user_name(withheld.operation))
          << ": " << without_controls(withheld.reason) << '\n';
  for (const DuplicateRemoteUser& duplicate : plan.duplicate_remote) {
    out << "! duplicate userName at Omni: " << without_controls(duplicate.user_name) << " (ids";
    for (std::size_t i = 0; i < duplicate.ids.size(); ++i) out << (i ? ", " : " ") << without_controls(duplicate.ids[i]);
    out << "): left untouched; remove the extra users at Omni\n";
  }
  for (const GoneUser& gone : plan.upcoming_deletions)
    out << "= upcoming: " << without_controls(gone.user_name) << " deleted on " << model::format_day(gone.delete_on)
        << " unless they return (gone since " << model::format_day(gone.first_missed) << ")\n";
  const PlanCounts counts = count(plan);
  if (!plan.gone.empty())
    out << "= " << plan.gone.size() << " gone from the source and still at Omni (deactivate_then_delete)\n";
  if (plan.inactive_absent > 0)
    out << "= " << plan.inactive_absent << " listed inactive in the source and not at Omni: nothing to create\n";
  if (counts.protected_users > 0)
    out << "= " << counts.protected_users << " protected user" << (counts.protected_users == 1 ? "" : "s")
        << " left alone (sync.protect)\n";
  out << "Plan: " << counts.create << " to create, " << counts.update << " to update, " << counts.deactivate
      << " to deactivate, " << counts.remove << " to delete, " << counts.unchanged << " unchanged, " << counts.withheld
      << " withheld.\n";
}

std::string render_text(const Plan& plan) {
  std::ostringstream out;
  write_text(out, plan);
  return std::move(out).str();
}

}  // namespace oss::plan
