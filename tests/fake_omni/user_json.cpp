#include "user_json.hpp"

#include <boost/json/parse.hpp>

#include <ctime>

#include "scim_error.hpp"

namespace oss::fake_omni {
namespace json = boost::json;
namespace {

bool has_schema(const json::object& body, std::string_view urn) {
  const json::value* schemas = body.if_contains("schemas");
  if (!schemas || !schemas->is_array()) return false;
  for (const auto& entry : schemas->get_array())
    if (entry.is_string() && entry.get_string() == urn) return true;
  return false;
}

std::string required_string(const json::object& body, std::string_view field) {
  const json::value* value = body.if_contains(field);
  if (!value || value->is_null()) throw bad_request("invalidValue", std::string(field) + " is required");
  if (!value->is_string()) throw bad_request("invalidValue", std::string(field) + " must be a string");
  std::string text(value->get_string());
  if (model::trim(text).empty()) throw bad_request("invalidValue", std::string(field) + " must not be empty");
  return text;
}

bool is_attribute_scalar(const json::value& value) {
  return value.is_string() || value.is_number() || value.is_bool() || value.is_null();
}

}  // namespace

json::value parse_json_body(std::string_view text) {
  boost::system::error_code ec;
  json::value body = json::parse(text, ec);
  if (ec) throw bad_request("invalidSyntax", "The request body is not valid JSON: " + ec.message());
  return body;
}

void check_attribute_value(std::string_view reference, const json::value& value) {
  if (is_attribute_scalar(value)) return;
  if (value.is_array()) {
    for (const auto& item : value.get_array())
      if (!is_attribute_scalar(item))
        throw bad_request("invalidValue", "user attribute " + std::string(reference) +
                                              ": array items must be strings, numbers, booleans or null");
    return;
  }
  throw bad_request("invalidValue", "user attribute " + std::string(reference) +
                                        " must be a string, number, boolean, null or an array of those");
}

void merge_attributes(json::object& into, const json::value& changes) {
  if (!changes.is_object())
    throw bad_request("invalidValue", std::string(kUserAttributeSchema) + " must be an object");
  for (const auto& [reference, value] : changes.get_object()) {
    check_attribute_value(reference, value);
    if (value.is_null())
      into.erase(reference);
    else
      into[reference] = value;
  }
}

UserFields parse_user_body(const json::value& body) {
  if (!body.is_object()) throw bad_request("invalidSyntax", "The request body must be a JSON object");
  const json::object& object = body.get_object();
  if (!has_schema(object, kCoreUserSchema))
    throw bad_request("invalidSyntax", std::string("schemas must contain ") + kCoreUserSchema);
  UserFields fields;
  fields.user_name = required_string(object, "userName");
  fields.display_name = required_string(object, "displayName");
  if (const json::value* active = object.if_contains("active"); active && !active->is_null()) {
    if (!active->is_bool()) throw bad_request("invalidValue", "active must be a boolean");
    fields.active = active->get_bool();
  }
  if (const json::value* attributes = object.if_contains(kUserAttributeSchema); attributes && !attributes->is_null()) {
    // RFC 7643 section 3: an extension's URN must be listed in "schemas" when its attributes are present.
    if (!has_schema(object, kUserAttributeSchema))
      throw bad_request("invalidSyntax", std::string("schemas must contain ") + kUserAttributeSchema +
                                             " when user attributes are sent");
    merge_attributes(fields.attributes, *attributes);
  }
  return fields;
}

json::object render_user(const StoredUser& user) {
  json::object meta{{"created", iso8601(user.created)},
                    {"lastModified", iso8601(user.last_modified)},
                    {"resourceType", "User"}};
  json::object extension;
  extension["lastLogin"] = user.last_login ? json::value(*user.last_login) : json::value(nullptr);
  return json::object{
      {"id", user.id},
      {"userName", user.user_name},
      {"displayName", user.display_name},
      {"active", user.active},
      {"emails", json::array{json::object{{"primary", true}, {"value", user.user_name}}}},
      {"groups", json::array{}},
      {"meta", std::move(meta)},
      {"schemas", json::array{kCoreUserSchema, kUserAttributeSchema, kOmniUserExtensionSchema}},
      {kUserAttributeSchema, user.attributes},
      {kOmniUserExtensionSchema, std::move(extension)},
  };
}

std::string iso8601(std::chrono::system_clock::time_point when) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char with_millis[48];
  std::snprintf(with_millis, sizeof with_millis, "%s.%03dZ", text, static_cast<int>(millis % 1000));
  return with_millis;
}

}  // namespace oss::fake_omni
