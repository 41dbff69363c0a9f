#include "planfile/group_record.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <set>

#include "plan/group_render.hpp"
#include "planfile/operation_decoder.hpp"

namespace oss::planfile {

namespace json = boost::json;

namespace {

json::array sorted_ids(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return json::array(ids.begin(), ids.end());
}

json::array ids_of(const std::vector<plan::MemberRef>& members) {
  json::array ids;
  for (const plan::MemberRef& member : members) ids.emplace_back(member.id);
  return ids;
}

// The userNames of `names` with the ids of `ids` (parallel arrays, as the writer puts them).
std::vector<plan::MemberRef> decode_members(const JsonField& element, const char* names_key, const char* ids_key) {
  const JsonField names = element.member(names_key);
  const JsonField ids = element.member(ids_key);
  if (names.size() != ids.size()) ids.reject(std::string("not as long as ") + names_key);
  std::vector<plan::MemberRef> members;
  for (std::size_t i = 0; i < names.size(); ++i) members.push_back({names.element(i).string(), ids.element(i).string()});
  return members;
}

plan::GroupOperation decode_group_operation(const JsonField& element) {
  const JsonField op = element.member("op");
  const std::string name = op.string();
  const std::string display_name = element.member("displayName").string();
  if (name == "create_group") return plan::CreateGroup{display_name, decode_members(element, "members", "memberIds")};
  if (name == "update_group") {
    plan::UpdateGroup update{element.member("id").string(), display_name, std::nullopt,
                             decode_members(element, "add", "addIds"), decode_members(element, "remove", "removeIds")};
    if (element.has("rename")) update.rename = element.member("rename").member("to").string();
    return update;
  }
  if (name == "delete_group")
    return plan::DeleteGroup{element.member("id").string(), display_name,
                             static_cast<std::size_t>(element.member("memberCount").integer())};
  op.reject("\"" + name + "\" is not a group operation (create_group, update_group, delete_group)");
}

std::set<std::string> member_set(const json::object& group) {
  std::set<std::string> ids;
  for (const json::value& id : group.at("memberIds").as_array()) ids.insert(std::string(id.as_string()));
  return ids;
}

bool same_group(const json::object& a, const json::object& b) {
  return a.at("displayName") == b.at("displayName") && member_set(a) == member_set(b);
}

std::vector<std::string> group_differences(const json::object& planned, const json::object& now) {
  std::vector<std::string> lines;
  if (planned.at("displayName") != now.at("displayName"))
    lines.push_back("displayName: " + json::serialize(planned.at("displayName")) + " when planned, " +
                    json::serialize(now.at("displayName")) + " now");
  const auto before = member_set(planned);
  const auto after = member_set(now);
  std::vector<std::string> added, removed;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(removed));
  const auto list = [](const std::vector<std::string>& ids) {
    std::string text;
    for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + id;
    return text;
  };
  if (!added.empty()) lines.push_back("members added at Omni since the plan: " + list(added));
  if (!removed.empty()) lines.push_back("members removed at Omni since the plan: " + list(removed));
  return lines;
}

// Omni's id of the group an operation touches; null for a create.
const std::string* group_id(const plan::GroupOperation& operation) {
  if (const auto* update = std::get_if<plan::UpdateGroup>(&operation)) return &update->id;
  if (const auto* remove = std::get_if<plan::DeleteGroup>(&operation)) return &remove->id;
  return nullptr;
}

bool all_known(const std::vector<plan::MemberRef>& members) {
  return std::all_of(members.begin(), members.end(), [](const plan::MemberRef& m) { return !m.id.empty(); });
}

// The group once `operation` went through; nullopt when that cannot be known yet (members not created yet) or
// when it leaves no group (a delete).
std::optional<json::object> group_end_state(const std::optional<json::object>& planned,
                                            const plan::GroupOperation& operation) {
  if (const auto* create = std::get_if<plan::CreateGroup>(&operation)) {
    if (!all_known(create->members)) return std::nullopt;
    std::vector<std::string> ids;
    for (const plan::MemberRef& member : create->members) ids.push_back(member.id);
    return json::object{{"displayName", create->display_name}, {"memberIds", sorted_ids(ids)}};
  }
  const auto* update = std::get_if<plan::UpdateGroup>(&operation);
  if (!update || !planned || !all_known(update->add)) return std::nullopt;
  std::set<std::string> members = member_set(*planned);
  for (const plan::MemberRef& member : update->remove) members.erase(member.id);
  for (const plan::MemberRef& member : update->add) members.insert(member.id);
  return json::object{{"displayName", update->rename.value_or(update->display_name)},
                      {"memberIds", json::array(members.begin(), members.end())}};
}

}  // namespace

json::object group_state(const model::RemoteGroup& group) {
  return json::object{{"displayName", group.display_name}, {"memberIds", sorted_ids(group.member_ids)}};
}

json::value encode_group_part(const plan::GroupPlan& plan, const RemoteGroupById& remote_by_id) {
  json::value document = plan::group_plan_to_json(plan);
  const auto add_ids = [](json::object& element, const plan::GroupOperation& operation) {
    if (const auto* create = std::get_if<plan::CreateGroup>(&operation)) {
      element["memberIds"] = ids_of(create->members);
    } else if (const auto* update = std::get_if<plan::UpdateGroup>(&operation)) {
      element["addIds"] = ids_of(update->add);
      element["removeIds"] = ids_of(update->remove);
    }
  };
  json::array& operations = document.at("operations").as_array();
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    json::object& element = operations[i].as_object();
    add_ids(element, plan.operations[i]);
    const std::string* id = group_id(plan.operations[i]);
    const model::RemoteGroup* remote = id ? remote_by_id(*id) : nullptr;
    element["planned"] = remote ? json::value(group_state(*remote)) : json::value(nullptr);
  }
  json::array& withheld = document.at("withheld").as_array();
  for (std::size_t i = 0; i < plan.withheld.size(); ++i) add_ids(withheld[i].as_object(), plan.withheld[i].operation);
  document.as_object()["unchanged"] = plan.unchanged;
  document.as_object()["unmanaged"] = plan.unmanaged;
  return document;
}

GroupPart decode_group_part(const JsonField& groups) {
  GroupPart part;
  const JsonField operations = groups.member("operations");
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const JsonField element = operations.element(i);
    part.plan.operations.push_back(decode_group_operation(element));
    const JsonField planned = element.member("planned");
    if (std::holds_alternative<plan::CreateGroup>(part.plan.operations.back())) {
      if (!planned.is_null()) planned.reject("a group create is planned against nothing (null)");
      part.planned.push_back(std::nullopt);
      continue;
    }
    (void)planned.member("displayName").string();
    const JsonField ids = planned.member("memberIds");
    for (std::size_t k = 0; k < ids.size(); ++k) (void)ids.element(k).string();
    part.planned.push_back(planned.object());
  }
  const JsonField withheld = groups.member("withheld");
  for (std::size_t i = 0; i < withheld.size(); ++i) {
    const JsonField element = withheld.element(i);
    part.plan.withheld.push_back({decode_group_operation(element), decode_withheld_kind(element.member("kind")),
                                  element.member("reason").string()});
  }
  part.plan.unchanged = static_cast<std::size_t>(groups.member("unchanged").integer());
  part.plan.unmanaged = static_cast<std::size_t>(groups.member("unmanaged").integer());
  const JsonField unplaced = groups.member("unplaced");
  for (std::size_t i = 0; i < unplaced.size(); ++i) part.plan.unplaced.push_back(unplaced.element(i).string());
  return part;
}

Judgement judge_group(const std::optional<json::object>& planned, const plan::GroupOperation& operation,
                      const std::optional<json::object>& now) {
  const std::optional<json::object> end = group_end_state(planned, operation);
  if (std::holds_alternative<plan::CreateGroup>(operation)) {
    if (!now) return {};
    if (end && same_group(*now, *end)) return {RecordVerdict::done, {}};
    return {RecordVerdict::stale, {"a group of this name exists at Omni now, unlike when planned"}};
  }
  if (!now) {
    if (std::holds_alternative<plan::DeleteGroup>(operation)) return {RecordVerdict::done, {}};
    return {RecordVerdict::stale, {"deleted at Omni since the plan was made"}};
  }
  if (!planned) return {RecordVerdict::stale, {"the plan holds no group to compare with"}};
  if (same_group(*now, *planned)) return {};
  if (end && same_group(*now, *end)) return {RecordVerdict::done, {}};
  return {RecordVerdict::stale, group_differences(*planned, *now)};
}

}  // namespace oss::planfile
