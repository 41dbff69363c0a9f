#include "groups_endpoint.hpp"

#include <boost/json/array.hpp>
#include <regex>

#include "list_query.hpp"
#include "responses.hpp"
#include "scim_error.hpp"
#include "user_json.hpp"
#include "user_patch.hpp"

namespace oss::fake_omni {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

// Every member must be a listed user: Omni cannot put an unknown id in a group.
std::vector<std::string> member_ids(const json::value& members, const UserStore& users, const std::string& where) {
  if (!members.is_array()) throw bad_request("invalidValue", where + " must be an array of {\"value\": id}");
  std::vector<std::string> ids;
  for (const auto& entry : members.get_array()) {
    const json::value* value = entry.is_object() ? entry.get_object().if_contains("value") : nullptr;
    if (!value || !value->is_string()) throw bad_request("invalidValue", where + ": each member needs a string \"value\"");
    const std::string id(value->get_string());
    if (!users.find(id)) throw bad_request("invalidValue", where + ": no user with id " + id);
    ids.push_back(id);
  }
  return ids;
}

std::string display_name_of(const json::object& body, const std::string& where) {
  const json::value* name = body.if_contains("displayName");
  if (!name || !name->is_string() || model::trim(name->get_string()).empty())
    throw bad_request("invalidValue", where + "displayName must be a non-empty string");
  return std::string(name->get_string());
}

Response list_groups(const GroupStore& groups, const UserStore& users, const Request& request, std::size_t max_page) {
  const PageWindow window = page_window(parse_list_query(request.target()), max_page);
  json::array resources;
  for (std::size_t position = window.first; position < groups.size() && resources.size() < window.count; ++position)
    resources.push_back(render_group(groups.at(position), users));
  json::object page{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                    {"totalResults", groups.size()},
                    {"startIndex", window.start_index},
                    {"itemsPerPage", resources.size()},
                    {"Resources", std::move(resources)}};
  return json_response(200, page);
}

Response create_group(GroupStore& groups, const UserStore& users, const json::value& body,
                      std::chrono::system_clock::time_point now) {
  if (!body.is_object()) throw bad_request("invalidSyntax", "The request body must be a JSON object");
  const json::object& object = body.get_object();
  const std::string name = display_name_of(object, "");
  std::vector<std::string> ids;
  if (const json::value* members = object.if_contains("members"); members && !members->is_null())
    ids = member_ids(*members, users, "members");
  return json_response(201, render_group(groups.create(name, ids, now), users));
}

// members[value eq "id"], with the id as a JSON string.
std::optional<std::string> member_filter_id(std::string_view path) {
  static const std::regex pattern(R"re(^\s*members\s*\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]\s*$)re",
                                  std::regex::icase);
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(path.begin(), path.end(), match, pattern)) return std::nullopt;
  std::string id;
  const std::string escaped = match[1].str();
  for (std::size_t i = 0; i < escaped.size(); ++i) id += (escaped[i] == '\\' && i + 1 < escaped.size()) ? escaped[++i] : escaped[i];
  return id;
}

// All operations or none: they are applied to a copy.
StoredGroup patched(StoredGroup group, const UserStore& users, const json::value& body,
                    std::chrono::system_clock::time_point now) {
  std::size_t index = 0;
  for (const auto& entry : patch_operations(body)) {
    const std::string where = "Operations[" + std::to_string(index++) + "]";
    if (!entry.is_object()) throw bad_request("invalidSyntax", where + " must be an object");
    const json::object& operation = entry.get_object();
    const PatchOp op = patch_op(operation, where);
    const json::value* path_value = operation.if_contains("path");
    if (!path_value || !path_value->is_string()) throw bad_request("invalidPath", where + ": a path is required");
    const std::string path(path_value->get_string());
    const json::value* value = operation.if_contains("value");
    if (op == PatchOp::remove) {
      const auto id = member_filter_id(path);
      if (!id) throw bad_request("invalidPath", where + ": remove needs path members[value eq \"id\"]");
      GroupStore::remove_member(group, *id, now);
    } else if (op == PatchOp::add && path == "members") {
      if (!value) throw bad_request("invalidValue", where + ": \"value\" is required");
      GroupStore::add_members(group, member_ids(*value, users, where + ".value"), now);
    } else if (op == PatchOp::replace && path == "displayName") {
      if (!value) throw bad_request("invalidValue", where + ": \"value\" is required");
      group.display_name = display_name_of(json::object{{"displayName", *value}}, where + ": ");
      group.last_modified = now;
    } else {
      throw bad_request("invalidPath", where + ": unsupported operation on path \"" + path + "\"");
    }
  }
  return group;
}

StoredGroup& existing(GroupStore& groups, const std::string& id) {
  StoredGroup* group = groups.find(id);
  if (!group) throw ScimError(404, "", "Group " + id + " not found");
  return *group;
}

}  // namespace

json::object render_group(const StoredGroup& group, const UserStore& users) {
  json::array members;
  for (const std::string& id : group.member_ids) {
    json::object member{{"value", id}};
    if (const StoredUser* user = users.find(id)) member["display"] = user->user_name;
    members.push_back(std::move(member));
  }
  return json::object{{"schemas", json::array{kCoreGroupSchema}},
                      {"id", group.id},
                      {"displayName", group.display_name},
                      {"members", std::move(members)},
                      {"meta", json::object{{"resourceType", "Group"},
                                            {"created", iso8601(group.created)},
                                            {"lastModified", iso8601(group.last_modified)}}}};
}

Response handle_groups_request(GroupStore& groups, const UserStore& users, const Request& request,
                               const std::optional<std::string>& id, std::size_t max_page_size,
                               std::chrono::system_clock::time_point now) {
  try {
    const http::verb method = request.method();
    const bool writes_body = method == http::verb::post || method == http::verb::patch;
    if (writes_body && !has_json_body(request))
      return generic_error_response(415, "Content-Type must be application/json or application/scim+json");
    if (!id) {
      if (method == http::verb::get) return list_groups(groups, users, request, max_page_size);
      if (method == http::verb::post) return create_group(groups, users, parse_json_body(request.body()), now);
      return generic_error_response(405, "Method not allowed on the groups collection");
    }
    switch (method) {
      case http::verb::get: return json_response(200, render_group(existing(groups, *id), users));
      case http::verb::patch: {
        StoredGroup& group = existing(groups, *id);
        group = patched(group, users, parse_json_body(request.body()), now);
        return json_response(200, render_group(group, users));
      }
      case http::verb::delete_: {
        if (!groups.remove(*id)) throw ScimError(404, "", "Group " + *id + " not found");
        Response response = plain_text_response(204, "");
        response.erase(http::field::content_type);
        return response;
      }
      default: return generic_error_response(405, "Method not allowed on a group");
    }
  } catch (const ScimError& error) {
    return scim_error_response(error.status(), error.scim_type(), error.what());
  }
}

}  // namespace oss::fake_omni
