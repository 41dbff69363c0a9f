#include "plan/render_json.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <type_traits>
#include <variant>

#include "model/utc_time.hpp"
#include "plan/plan_counts.hpp"

namespace oss::plan {

namespace json = boost::json;

namespace {

json::value scalar_to_json(const model::AttributeScalar& scalar, const json::storage_ptr& sp) {
  return std::visit(
      [&sp](const auto& v) -> json::value {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>) {
          // Whole numbers as integers: Boost.JSON would print the double 3 as 3E0.
          constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
          if (std::trunc(v) == v && std::fabs(v) <= kExactIntegers) return json::value(static_cast<std::int64_t>(v), sp);
          return json::value(v, sp);
        } else {
          return json::value(v, sp);
        }
      },
      scalar);
}

}  // namespace

json::value value_to_json(const model::AttributeValue& value, json::storage_ptr sp) {
  if (const auto* list = std::get_if<model::AttributeList>(&value)) {
    json::array array(sp);
    for (const auto& scalar : *list) array.push_back(scalar_to_json(scalar, sp));
    return array;
  }
  return std::visit(
      [&sp](const auto& v) -> json::value {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, model::AttributeList>) return json::value(nullptr, sp);
        else return scalar_to_json(model::AttributeScalar{v}, sp);
      },
      value);
}

namespace {

json::value optional_to_json(const std::optional<model::AttributeValue>& value, const json::storage_ptr& sp) {
  return value ? value_to_json(*value, sp) : json::value(nullptr, sp);
}

json::object from_to(json::value from, json::value to, const json::storage_ptr& sp) {
  return json::object({{"from", std::move(from)}, {"to", std::move(to)}}, sp);
}

json::object create_changes(const Create& create, const json::storage_ptr& sp) {
  json::object attributes(sp);
  for (const auto& [reference, value] : create.user.attributes) attributes[reference] = value_to_json(value, sp);
  return json::object({{"displayName", create.user.display_name},
                       {"active", create.user.active},
                       {"attributes", std::move(attributes)}},
                      sp);
}

json::object update_changes(const Update& update, const json::storage_ptr& sp) {
  json::object changes(sp);
  if (update.display_name) changes["displayName"] =
        from_to(json::string(update.display_name->first, sp), json::string(update.display_name->second, sp), sp);
  if (update.active) changes["active"] = from_to(!*update.active, *update.active, sp);
  for (const AttributeChange& change : update.attributes)
    changes["attributes." + change.reference] =
        from_to(optional_to_json(change.before, sp), optional_to_json(change.after, sp), sp);
  return changes;
}

}  // namespace

json::object operation_head(const Operation& operation, json::storage_ptr sp) {
  json::object object({{"op", op_name(operation)}, {"userName", op_user_name(operation)}}, std::move(sp));
  if (!std::holds_alternative<Create>(operation)) object["id"] = op_id(operation);
  return object;
}

json::object operation_to_json(const Operation& operation, json::storage_ptr sp) {
  json::object object = operation_head(operation, sp);
  if (const auto* create = std::get_if<Create>(&operation)) {
    object["changes"] = create_changes(*create, sp);
  } else if (const auto* update = std::get_if<Update>(&operation)) {
    object["changes"] = update_changes(*update, sp);
  } else if (const auto* deactivate = std::get_if<Deactivate>(&operation)) {
    object["changes"] = json::object({{"active", from_to(true, false, sp)}}, sp);
    object["fromSource"] = deactivate->from_source;
    if (deactivate->delete_on) object["deleteOn"] = model::format_day(*deactivate->delete_on);
  } else if (const auto* remove = std::get_if<Delete>(&operation); remove && remove->gone_since) {
    object["goneSince"] = model::format_day(*remove->gone_since);
    object["graceDays"] = remove->grace_days;
  }
  if (const auto* update = std::get_if<Update>(&operation); update && update->back_in_source)
    object["backInSource"] = true;
  return object;
}

json::object gone_to_json(const GoneUser& gone) {
  return json::object{{"userName", gone.user_name},
                      {"id", gone.id},
                      {"goneSince", model::format_day(gone.first_missed)},
                      {"deleteOn", model::format_day(gone.delete_on)}};
}

namespace {

constexpr std::string_view kOperations = "operations";

// The document with every member in its place and "operations" left empty: plan_to_json fills that array and
// write_plan_json streams it, so the members and their order are set out here only.
json::object document_around_operations(const Plan& plan) {
  const PlanCounts counts = count(plan);
  json::object document;
  document["summary"] = json::object{{"create", counts.create},       {"update", counts.update},
                                     {"deactivate", counts.deactivate}, {"delete", counts.remove},
                                     {"unchanged", counts.unchanged}, {"withheld", counts.withheld},
                                     {"protected", counts.protected_users},
                                     {"inactive_not_at_omni", plan.inactive_absent}};
  document[kOperations] = json::array();

  json::array withheld;
  json::array left_alone;
  for (const Withheld& item : plan.withheld) {
    json::object object = operation_head(item.operation);
    object["kind"] = withheld_kind_name(item.kind);
    object["reason"] = item.reason;
    (is_left_alone(item.kind) ? left_alone : withheld).push_back(std::move(object));
  }
  document["withheld"] = std::move(withheld);
  document["protected"] = std::move(left_alone);

  if (!plan.duplicate_remote.empty()) {
    json::array duplicates;
    for (const DuplicateRemoteUser& duplicate : plan.duplicate_remote) {
      json::array ids(duplicate.ids.begin(), duplicate.ids.end());
      duplicates.push_back(json::object{{"userName", duplicate.user_name}, {"ids", std::move(ids)}});
    }
    document["duplicates"] = std::move(duplicates);
  }
  if (!plan.gone.empty()) {
    document["summary"].as_object()["gone_in_grace"] = plan.gone.size();
    json::array upcoming;
    for (const GoneUser& gone : plan.upcoming_deletions) upcoming.push_back(gone_to_json(gone));
    document["upcomingDeletions"] = std::move(upcoming);
  }
  return document;
}

// One value, through a buffer of ours: no std::string of each element.
void write_value(std::ostream& out, json::serializer& serializer, const json::value& value) {
  char buffer[4096];
  serializer.reset(&value);
  while (!serializer.done()) {
    const std::string_view piece = serializer.read(buffer);
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  }
}

}  // namespace

json::value plan_to_json(const Plan& plan) {
  json::object document = document_around_operations(plan);
  json::array& operations = document[kOperations].as_array();
  operations.reserve(plan.operations.size());
  for (const Operation& operation : plan.operations) operations.push_back(operation_to_json(operation));
  return document;
}

void write_plan_json(std::ostream& out, const Plan& plan, const json::object& more) {
  json::serializer serializer;
  const char* separator = "";
  const auto write_key = [&](json::string_view key) {
    out << separator << json::serialize(key) << ':';
    separator = ",";
  };
  out << '{';
  for (const json::key_value_pair& member : document_around_operations(plan)) {
    write_key(member.key());
    if (member.key() != kOperations) {
      write_value(out, serializer, member.value());
      continue;
    }
    // Each operation's value is built in the same small buffer, emptied after it is written: from the heap, a
    // million operations were some five million allocations.
    unsigned char scratch_buffer[8192];
    json::monotonic_resource scratch(scratch_buffer, sizeof scratch_buffer);
    out << '[';
    for (std::size_t i = 0; i < plan.operations.size(); ++i) {
      if (i > 0) out << ',';
      write_value(out, serializer, operation_to_json(plan.operations[i], &scratch));
      scratch.release();
    }
    out << ']';
  }
  for (const json::key_value_pair& member : more) {
    write_key(member.key());
    write_value(out, serializer, member.value());
  }
  out << '}';
}

std::string render_json(const Plan& plan) {
  std::ostringstream out;
  write_plan_json(out, plan);
  return std::move(out).str();
}

}  // namespace oss::plan
