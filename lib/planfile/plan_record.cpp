#include "planfile/plan_record.hpp"

#include <boost/json/serialize.hpp>
#include <set>
#include <variant>

#include "plan/render_json.hpp"

namespace oss::planfile {

namespace json = boost::json;

json::object record_state(const model::User& user, json::storage_ptr sp) {
  json::object attributes(sp);
  for (const auto& [reference, value] : user.attributes) attributes[reference] = plan::value_to_json(value, sp);
  json::object record(sp);
  record["userName"] = user.user_name;
  record["displayName"] = user.display_name;
  record["active"] = user.active;
  record["attributes"] = std::move(attributes);
  return record;
}

std::optional<json::object> end_state(const std::optional<json::object>& planned, const plan::Operation& operation) {
  if (const auto* create = std::get_if<plan::Create>(&operation)) return record_state(create->user);
  if (std::holds_alternative<plan::Delete>(operation) || !planned) return std::nullopt;
  json::object end = *planned;
  if (std::holds_alternative<plan::Deactivate>(operation)) {
    end["active"] = false;
  } else if (const auto* update = std::get_if<plan::Update>(&operation)) {
    if (update->display_name) end["displayName"] = update->display_name->second;
    if (update->active) end["active"] = *update->active;
    json::value& attributes = end["attributes"];
    if (!attributes.is_object()) attributes = json::object();
    for (const plan::AttributeChange& change : update->attributes) {
      if (change.after) attributes.as_object()[change.reference] = plan::value_to_json(*change.after);
      else attributes.as_object().erase(change.reference);
    }
  }
  return end;
}

namespace {

std::string user_name_of(const json::object& record) {
  const json::value* name = record.if_contains("userName");
  return name && name->is_string() ? model::normalise_user_name(name->get_string()) : std::string();
}

// Every field but userName, attributes one by one: "displayName", "active", "attributes.<reference>".
std::map<std::string, json::value> fields_of(const json::object& record) {
  std::map<std::string, json::value> fields;
  for (const auto& [key, value] : record) {
    if (key == "userName") continue;
    if (key == "attributes" && value.is_object()) {
      for (const auto& [reference, attribute] : value.get_object())
        fields["attributes." + std::string(reference)] = attribute;
    } else {
      fields[std::string(key)] = value;
    }
  }
  return fields;
}

std::string shown(const std::map<std::string, json::value>& fields, const std::string& key) {
  const auto it = fields.find(key);
  return it == fields.end() ? "(unset)" : json::serialize(it->second);
}

}  // namespace

bool same_record(const json::object& a, const json::object& b) {
  return user_name_of(a) == user_name_of(b) && fields_of(a) == fields_of(b);
}

std::vector<std::string> record_differences(const json::object& planned, const json::object& now) {
  std::vector<std::string> lines;
  if (user_name_of(planned) != user_name_of(now))
    lines.push_back("userName: " + json::serialize(planned.at("userName")) + " when planned, " +
                    json::serialize(now.at("userName")) + " now");
  const auto before = fields_of(planned);
  const auto after = fields_of(now);
  std::set<std::string> keys;
  for (const auto& [key, value] : before) keys.insert(key);
  for (const auto& [key, value] : after) keys.insert(key);
  for (const std::string& key : keys) {
    const auto a = before.find(key);
    const auto b = after.find(key);
    if (a != before.end() && b != after.end() && a->second == b->second) continue;
    lines.push_back(key + ": " + shown(before, key) + " when planned, " + shown(after, key) + " now");
  }
  return lines;
}

Judgement judge_record(const std::optional<json::object>& planned, const plan::Operation& operation,
                       const std::optional<json::object>& now) {
  const std::optional<json::object> end = end_state(planned, operation);
  if (std::holds_alternative<plan::Create>(operation)) {
    if (!now) return {};
    if (same_record(*now, *end)) return {RecordVerdict::done, {}};
    std::vector<std::string> lines{"a user of this userName exists at Omni now, unlike when planned"};
    for (std::string& line : record_differences(*end, *now))
      lines.push_back(line.replace(line.find(" when planned"), 13, " planned"));
    return {RecordVerdict::stale, std::move(lines)};
  }
  if (!now) {
    if (std::holds_alternative<plan::Delete>(operation)) return {RecordVerdict::done, {}};
    return {RecordVerdict::stale, {"deleted at Omni since the plan was made"}};
  }
  if (!planned) return {RecordVerdict::stale, {"the plan holds no record to compare with"}};
  if (same_record(*now, *planned)) return {};
  if (end && same_record(*now, *end)) return {RecordVerdict::done, {}};
  return {RecordVerdict::stale, record_differences(*planned, *now)};
}

}  // namespace oss::planfile
