#include "omni/group_codec.hpp"

#include "omni/resource_id.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "omni/scim_codec.hpp"

namespace oss::omni {

namespace json = boost::json;

namespace {

[[noreturn]] void fail(const std::string& where, std::string_view problem) {
  throw DecodeError(where + ": " + std::string(problem));
}

const char* kind_name(const json::value& value) {
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_bool()) return "a bool";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

// Absent and null mean the same: the server did not say.
const json::value* member(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return (value && !value->is_null()) ? value : nullptr;
}

const json::string* string_member(const json::object& object, std::string_view key, const std::string& where) {
  const json::value* value = member(object, key);
  if (!value) return nullptr;
  if (!value->is_string()) fail(where + "." + std::string(key), std::string("expected a string, got ") + kind_name(*value));
  return &value->get_string();
}

model::RemoteGroup decode_group_at(const json::value& resource, const std::string& where) {
  const auto* object = resource.if_object();
  if (!object) fail(where, std::string("expected an object, got ") + kind_name(resource));
  model::RemoteGroup group;
  const json::string* id = string_member(*object, "id", where);
  if (!id) fail(where + ".id", "missing");
  group.id = std::string(*id);
  if (const json::string* name = string_member(*object, "displayName", where)) group.display_name = std::string(*name);
  if (auto problem = resource_id_problem(group.id)) fail(where + ".id", *problem + " (group " + group.display_name + ")");
  if (const json::value* members = member(*object, "members")) {
    const auto* array = members->if_array();
    if (!array) fail(where + ".members", std::string("expected an array, got ") + kind_name(*members));
    group.member_ids.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string at = where + ".members[" + std::to_string(i) + "]";
      const auto* entry = (*array)[i].if_object();
      if (!entry) fail(at, std::string("expected an object, got ") + kind_name((*array)[i]));
      const json::string* value = string_member(*entry, "value", at);
      if (!value) fail(at + ".value", "missing");
      if (auto problem = resource_id_problem(*value)) fail(at + ".value", *problem);
      group.member_ids.emplace_back(*value);
    }
  }
  return group;
}

json::array member_values(const std::vector<std::string>& ids) {
  json::array members;
  members.reserve(ids.size());
  for (const std::string& id : ids) members.push_back(json::object{{"value", id}});
  return members;
}

}  // namespace

GroupPage decode_group_page(std::string_view body) {
  json::monotonic_resource arena;
  const json::object page = parse_body_object(body, &arena);
  GroupPage result;
  const json::value* total = member(page, "totalResults");
  if (!total) fail("totalResults", "missing");
  if (total->is_uint64()) result.total_results = static_cast<std::size_t>(total->get_uint64());
  else if (total->is_int64() && total->get_int64() >= 0) result.total_results = static_cast<std::size_t>(total->get_int64());
  else fail("totalResults", std::string("expected a non-negative integer, got ") + kind_name(*total));
  if (const json::value* resources = member(page, "Resources")) {
    const auto* array = resources->if_array();
    if (!array) fail("Resources", std::string("expected an array, got ") + kind_name(*resources));
    result.groups.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
      result.groups.push_back(decode_group_at((*array)[i], "Resources[" + std::to_string(i) + "]"));
  }
  return result;
}

model::RemoteGroup decode_group_body(std::string_view body) {
  json::monotonic_resource arena;
  return decode_group_at(parse_body_object(body, &arena), "group");
}

namespace {
json::object group_resource(std::string_view display_name, const std::vector<std::string>& member_ids) {
  return json::object{{"schemas", json::array{kCoreGroupSchema}},
                      {"displayName", display_name},
                      {"members", member_values(member_ids)}};
}
}  // namespace

std::string encode_create_group(std::string_view display_name, const std::vector<std::string>& member_ids) {
  return json::serialize(group_resource(display_name, member_ids));
}

json::object encode_group_resource(const model::RemoteGroup& group) {
  json::object resource = group_resource(group.display_name, group.member_ids);
  resource["id"] = group.id;
  return resource;
}

std::string encode_group_patch(const std::optional<std::string>& rename, const std::vector<std::string>& add_ids,
                               const std::vector<std::string>& remove_ids) {
  json::array operations;
  if (rename) operations.push_back(json::object{{"op", "replace"}, {"path", "displayName"}, {"value", *rename}});
  if (!add_ids.empty())
    operations.push_back(json::object{{"op", "add"}, {"path", "members"}, {"value", member_values(add_ids)}});
  // The id sits inside a SCIM filter string: serialize gives it JSON's quoting and escaping.
  for (const std::string& id : remove_ids)
    operations.push_back(json::object{{"op", "remove"}, {"path", "members[value eq " + json::serialize(json::string(id)) + "]"}});
  if (operations.empty()) throw std::invalid_argument("a group PATCH that changes nothing; SCIM requires an operation");
  return patch_request_body(std::move(operations));
}

}  // namespace oss::omni
