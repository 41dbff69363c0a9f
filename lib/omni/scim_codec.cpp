#include "omni/scim_codec.hpp"

#include "omni/resource_id.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cmath>
#include <cstdint>
#include <optional>

#include "omni/body_text.hpp"

namespace oss::omni {

namespace json = boost::json;

namespace {

// Where a value sits, for messages. Built into text only when something is wrong: decoding a million users
// should not format a million paths.
class Where {
 public:
  // A field of the top-level object: "totalResults".
  static Where field(std::string_view name) { return Where().at(name); }
  // An element of a top-level array: "Resources[3]".
  static Where item(std::string_view container, std::size_t index) {
    Where where;
    where.container_ = container;
    where.index_ = index;
    return where;
  }
  // A nested object: "user" (then .at("id") gives "user.id").
  static Where object(std::string_view container) {
    Where where;
    where.container_ = container;
    return where;
  }

  [[nodiscard]] Where at(std::string_view field_name) const {
    Where next = *this;
    next.field_ = field_name;
    return next;
  }
  [[nodiscard]] Where key(std::string_view reference) const {
    Where next = *this;
    next.key_ = reference;
    return next;
  }
  [[nodiscard]] Where element(std::size_t index) const {
    Where next = *this;
    next.element_ = index;
    return next;
  }
  [[nodiscard]] std::string_view field_name() const { return field_; }

  [[nodiscard]] std::string text() const {
    std::string out(container_);
    if (index_) out += "[" + std::to_string(*index_) + "]";
    const auto append = [&out](std::string_view part) {
      if (part.empty()) return;
      if (!out.empty()) out += '.';
      out += part;
    };
    append(field_);
    append(key_);
    if (element_) out += "[" + std::to_string(*element_) + "]";
    return out.empty() ? std::string("user") : out;
  }

 private:
  std::string_view container_;            // "Resources", "user", or empty
  std::optional<std::size_t> index_;      // the resource's place in the list
  std::string_view field_;                // "userName"
  std::string_view key_;                  // an attribute's reference inside the attribute object
  std::optional<std::size_t> element_;    // a place in an attribute's list
};

const char* kind_name(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a bool";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "an unknown value";
}

[[noreturn]] void fail(const Where& where, std::string_view problem) {
  throw DecodeError(where.text() + ": " + std::string(problem));
}

[[noreturn]] void fail_type(const Where& where, std::string_view expected, const json::value& got) {
  fail(where, "expected " + std::string(expected) + ", got " + kind_name(got));
}

// Absent and null mean the same: the server did not say.
const json::value* member(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return (value && !value->is_null()) ? value : nullptr;
}

std::optional<std::string_view> optional_string(const json::object& object, const Where& where) {
  const auto* value = member(object, where.field_name());
  if (!value) return std::nullopt;
  if (!value->is_string()) fail_type(where, "a string", *value);
  return std::string_view(value->get_string());
}

std::string required_string(const json::object& object, const Where& where) {
  const auto text = optional_string(object, where);
  if (!text) fail(where, "missing");
  if (text->empty()) fail(where, "empty");
  return std::string(*text);
}

std::optional<bool> optional_bool(const json::object& object, const Where& where) {
  const auto* value = member(object, where.field_name());
  if (!value) return std::nullopt;
  if (!value->is_bool()) fail_type(where, "a bool", *value);
  return value->get_bool();
}

std::optional<std::size_t> optional_count(const json::object& object, const Where& where) {
  const auto* value = member(object, where.field_name());
  if (!value) return std::nullopt;
  if (value->is_uint64()) return static_cast<std::size_t>(value->get_uint64());
  if (value->is_int64()) {
    if (value->get_int64() < 0) fail(where, "expected a non-negative integer, got " + std::to_string(value->get_int64()));
    return static_cast<std::size_t>(value->get_int64());
  }
  fail_type(where, "a non-negative integer", *value);
}

std::optional<model::AttributeScalar> decode_scalar(const json::value& value, const Where& where) {
  switch (value.kind()) {
    case json::kind::null: return std::nullopt;
    case json::kind::string: return model::AttributeScalar{std::string(value.get_string())};
    case json::kind::bool_: return model::AttributeScalar{value.get_bool()};
    case json::kind::int64: return model::AttributeScalar{static_cast<double>(value.get_int64())};
    case json::kind::uint64: return model::AttributeScalar{static_cast<double>(value.get_uint64())};
    case json::kind::double_: return model::AttributeScalar{value.get_double()};
    default: fail_type(where, "a string, number or bool", value);
  }
}

model::AttributeValue to_value(model::AttributeScalar scalar) {
  return std::visit([](auto&& v) { return model::AttributeValue{std::move(v)}; }, std::move(scalar));
}

model::Attributes decode_attributes(const json::value& value, const Where& where) {
  const auto* object = value.if_object();
  if (!object) fail_type(where, "an object", value);
  model::Attributes attributes;
  for (const auto& [key, item] : *object) {
    const Where at = where.key(key);
    if (const auto* array = item.if_array()) {
      model::AttributeList list;
      list.reserve(array->size());
      for (std::size_t i = 0; i < array->size(); ++i) {
        const Where element = at.element(i);
        // A null inside a list carries no value; the list is what remains.
        if (auto scalar = decode_scalar((*array)[i], element)) list.push_back(std::move(*scalar));
      }
      attributes.set(std::string(key), std::move(list));
    } else if (auto scalar = decode_scalar(item, at)) {
      attributes.set(std::string(key), to_value(std::move(*scalar)));
    }
  }
  return attributes;
}

model::RemoteUser decode_user_at(const json::value& resource, const Where& where) {
  const auto* object = resource.if_object();
  if (!object) fail_type(where, "an object", resource);
  model::RemoteUser remote;
  remote.id = required_string(*object, where.at("id"));
  remote.user.user_name = required_string(*object, where.at("userName"));
  if (auto problem = resource_id_problem(remote.id)) fail(where.at("id"), *problem + " (user " + remote.user.user_name + ")");
  remote.user.display_name = std::string(optional_string(*object, where.at("displayName")).value_or(""));
  remote.user.active = optional_bool(*object, where.at("active")).value_or(true);
  if (const auto* attributes = member(*object, model::kUserAttributeSchema))
    remote.user.attributes = decode_attributes(*attributes, where.at(model::kUserAttributeSchema));
  return remote;
}

json::value encode_number(double number, std::string_view reference) {
  if (!std::isfinite(number))
    throw std::invalid_argument("attribute " + std::string(reference) + ": JSON has no value for a non-finite number");
  // Omni's attributes are often counts or ids: 3 must not become 3.0.
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (std::trunc(number) == number && number >= -kTwoTo63 && number < kTwoTo63)
    return static_cast<std::int64_t>(number);
  return number;
}

json::value encode_scalar(const model::AttributeScalar& scalar, std::string_view reference) {
  struct Visitor {
    std::string_view reference;
    json::value operator()(const std::string& text) const { return json::string(text); }
    json::value operator()(bool flag) const { return flag; }
    json::value operator()(double number) const { return encode_number(number, reference); }
  };
  return std::visit(Visitor{reference}, scalar);
}

json::value encode_attribute(const model::AttributeValue& value, std::string_view reference) {
  if (const auto* list = std::get_if<model::AttributeList>(&value)) {
    json::array array;
    array.reserve(list->size());
    for (const auto& scalar : *list) array.push_back(encode_scalar(scalar, reference));
    return array;
  }
  return std::visit(
      [reference](const auto& v) -> json::value {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, model::AttributeList>) {
          return nullptr;   // handled above
        } else {
          return encode_scalar(model::AttributeScalar{v}, reference);
        }
      },
      value);
}

json::object replace_op(std::string_view path, json::value value) {
  json::object op;
  op["op"] = "replace";
  if (!path.empty()) op["path"] = path;
  op["value"] = std::move(value);
  return op;
}

// The POST body: schemas, userName, displayName, active, and the attribute object when there are attributes.
json::object user_resource(const model::User& user) {
  json::object body;
  json::array schemas{kCoreUserSchema};
  if (!user.attributes.empty()) schemas.emplace_back(model::kUserAttributeSchema);
  body["schemas"] = std::move(schemas);
  body["userName"] = user.user_name;
  body["displayName"] = user.display_name;
  body["active"] = user.active;
  if (!user.attributes.empty()) {
    json::object attributes;
    for (const auto& [reference, value] : user.attributes) attributes[reference] = encode_attribute(value, reference);
    body[model::kUserAttributeSchema] = std::move(attributes);
  }
  return body;
}

}  // namespace

// Parses a response body that must be a JSON object; the error shows what came instead.
json::object parse_body_object(std::string_view body, json::storage_ptr storage) {
  if (model::trim(body).empty()) throw DecodeError("response body is empty");
  boost::system::error_code ec;
  json::value value = json::parse(body, ec, std::move(storage));
  if (ec) throw DecodeError("response body is not JSON (" + ec.message() + "): " + readable_excerpt(body));
  if (!value.is_object())
    throw DecodeError(std::string("response body: expected a JSON object, got ") + kind_name(value) + ": " +
                      readable_excerpt(body));
  return std::move(value.get_object());
}

std::string patch_request_body(json::array operations) {
  json::object body;
  body["schemas"] = json::array{kPatchOpSchema};
  body["Operations"] = std::move(operations);
  return json::serialize(body);
}

model::RemoteUser decode_user(const json::value& resource) { return decode_user_at(resource, Where()); }

model::RemoteUser decode_user_body(std::string_view body) {
  json::monotonic_resource arena;
  return decode_user(parse_body_object(body, &arena));
}

UserPage decode_user_page(std::string_view body) {
  json::monotonic_resource arena;
  const json::object page = parse_body_object(body, &arena);
  UserPage result;
  const auto total = optional_count(page, Where::field("totalResults"));
  if (!total) fail(Where::field("totalResults"), "missing");
  result.total_results = *total;
  result.start_index = optional_count(page, Where::field("startIndex")).value_or(1);
  if (const auto* resources = member(page, "Resources")) {
    const auto* array = resources->if_array();
    if (!array) fail_type(Where::field("Resources"), "an array", *resources);
    result.users.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
      result.users.push_back(decode_user_at((*array)[i], Where::item("Resources", i)));
  }
  result.items = optional_count(page, Where::field("itemsPerPage")).value_or(result.users.size());
  return result;
}

WhoAmI decode_whoami(std::string_view body) {
  json::monotonic_resource arena;
  const json::object object = parse_body_object(body, &arena);
  WhoAmI who;
  who.key_scope = std::string(optional_string(object, Where::field("keyScope")).value_or(""));
  who.org_role = std::string(optional_string(object, Where::field("orgRole")).value_or(""));
  if (const auto* user = member(object, "user")) {
    const auto* user_object = user->if_object();
    if (!user_object) fail_type(Where::field("user"), "an object", *user);
    who.user_id = std::string(optional_string(*user_object, Where::object("user").at("id")).value_or(""));
  }
  return who;
}

json::object encode_user_resource(const model::RemoteUser& remote) {
  json::object resource = user_resource(remote.user);
  resource["id"] = remote.id;
  return resource;
}

std::string encode_create(const model::User& user) { return json::serialize(user_resource(user)); }


std::string encode_patch(const plan::Update& update) {
  json::array operations;
  if (update.display_name) operations.push_back(replace_op("displayName", json::string(update.display_name->second)));
  if (update.active) operations.push_back(replace_op("active", *update.active));
  if (!update.attributes.empty()) {
    // One path-less merge: a null clears the attribute, the others are left as they are.
    json::object changes;
    for (const auto& change : update.attributes)
      changes[change.reference] = change.after ? encode_attribute(*change.after, change.reference) : json::value(nullptr);
    json::object merge;
    merge[model::kUserAttributeSchema] = std::move(changes);
    operations.push_back(replace_op({}, std::move(merge)));
  }
  if (operations.empty())
    throw std::invalid_argument("PATCH for " + update.user_name + " changes nothing; SCIM requires an operation");
  return patch_request_body(std::move(operations));
}

std::string encode_deactivate() {
  json::array operations;
  operations.push_back(replace_op("active", false));
  return patch_request_body(std::move(operations));
}

std::string user_name_filter_query(std::string_view user_name) {
  // The comparison value is a JSON string (RFC 7644 section 3.4.2.2), so JSON's escaping applies; serialize
  // gives exactly that, quotes included.
  const std::string filter = "userName eq " + json::serialize(json::string(user_name));
  // Only unreserved characters stay literal: the space, '"', '@', '&' and '=' must not end the query value.
  return boost::urls::encode(filter, boost::urls::unreserved_chars);
}

}  // namespace oss::omni
