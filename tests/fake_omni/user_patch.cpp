#include "user_patch.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "scim_error.hpp"
#include "user_json.hpp"

namespace oss::fake_omni {
namespace json = boost::json;
namespace {

std::string lower(std::string_view text) {
  std::string folded(text);
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return folded;
}

// Sets one attribute addressed by name (attribute names are case-insensitive in SCIM).
void set_attribute(UserFields& user, std::string_view name, const json::value& value, const std::string& where) {
  std::string attribute = lower(name);
  if (attribute == "active") {
    if (!value.is_bool()) throw bad_request("invalidValue", where + ": active must be a boolean");
    user.active = value.get_bool();
  } else if (attribute == "displayname") {
    if (!value.is_string() || model::trim(value.get_string()).empty())
      throw bad_request("invalidValue", where + ": displayName must be a non-empty string");
    user.display_name = value.get_string();
  } else if (attribute == lower(kUserAttributeSchema)) {
    merge_attributes(user.attributes, value);
  } else {
    throw bad_request("invalidPath", where + ": unsupported attribute \"" + std::string(name) + "\"");
  }
}

void apply_one(UserFields& user, const json::value& entry, const std::string& where) {
  if (!entry.is_object()) throw bad_request("invalidSyntax", where + " must be an object");
  const json::object& operation = entry.get_object();
  PatchOp op = patch_op(operation, where);
  const json::value* path = operation.if_contains("path");
  if (path && !path->is_string()) throw bad_request("invalidPath", where + ": path must be a string");
  const json::value* value = operation.if_contains("value");
  if (op == PatchOp::remove) {
    // active and displayName are required singular attributes: there is nothing a remove could leave behind.
    throw bad_request(path ? "mutability" : "noTarget",
                      where + ": remove is not supported " + (path ? "for this path" : "without a path"));
  }
  if (!value) throw bad_request("invalidValue", where + ": \"value\" is required");
  if (path) {
    set_attribute(user, path->get_string(), *value, where);
    return;
  }
  if (!value->is_object()) throw bad_request("invalidValue", where + ": a path-less value must be an object");
  for (const auto& [name, member] : value->get_object()) set_attribute(user, name, member, where);
}

}  // namespace

PatchOp patch_op(const json::object& operation, const std::string& where) {
  const json::value* op = operation.if_contains("op");
  if (!op || !op->is_string()) throw bad_request("invalidSyntax", where + ": \"op\" is required");
  std::string name = lower(op->get_string());
  if (name == "add") return PatchOp::add;
  if (name == "replace") return PatchOp::replace;
  if (name == "remove") return PatchOp::remove;
  throw bad_request("invalidSyntax", where + ": unknown op \"" + std::string(op->get_string()) + "\"");
}

const json::array& patch_operations(const json::value& body) {
  if (!body.is_object()) throw bad_request("invalidSyntax", "The request body must be a JSON object");
  const json::object& object = body.get_object();
  const json::value* schemas = object.if_contains("schemas");
  bool has_patch_schema = schemas && schemas->is_array() &&
                          std::any_of(schemas->get_array().begin(), schemas->get_array().end(),
                                      [](const json::value& s) { return s.is_string() && s.get_string() == kPatchOpSchema; });
  if (!has_patch_schema) throw bad_request("invalidSyntax", std::string("schemas must contain ") + kPatchOpSchema);
  const json::value* operations = object.if_contains("Operations");
  if (!operations || !operations->is_array() || operations->get_array().empty())
    throw bad_request("invalidSyntax", "Operations must be a non-empty array");
  return operations->get_array();
}

UserFields apply_patch(UserFields user, const json::value& body) {
  std::size_t index = 0;
  for (const auto& entry : patch_operations(body))
    apply_one(user, entry, "Operations[" + std::to_string(index++) + "]");
  return user;
}

}  // namespace oss::fake_omni
