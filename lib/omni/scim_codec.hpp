#pragma once
// Omni's SCIM shapes <-> our types (Boost.JSON). Pure: no I/O, and every byte from the server is distrusted.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.hpp"
#include "omni/error_body.hpp"
#include "plan/plan.hpp"

namespace oss::omni {

inline constexpr const char* kCoreUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kPatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

// A response that does not have the shape Omni documents. The message names the field, with its place in a
// list page: "Resources[3].userName: expected a string, got a number".
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A response body that must be a JSON object (parsed into `storage`); DecodeError shows what came instead.
boost::json::object parse_body_object(std::string_view body, boost::json::storage_ptr storage);
// A PATCH body: the PatchOp schema and these operations.
std::string patch_request_body(boost::json::array operations);

// One user resource. Required: id and userName (non-empty strings). displayName absent or null -> empty;
// active absent or null -> true. Attributes: null values are "not set" and skipped; numbers of any JSON kind
// become doubles; nested objects are an error. Unknown fields are ignored.
model::RemoteUser decode_user(const boost::json::value& resource);
// The same from a response body (POST 201, GET by id): a body that is not JSON throws DecodeError too.
model::RemoteUser decode_user_body(std::string_view body);

struct UserPage {
  std::size_t total_results = 0;
  std::size_t start_index = 1;
  std::size_t items = 0;   // itemsPerPage, or the number of Resources when absent
  std::vector<model::RemoteUser> users;
};

// A ListResponse. totalResults is required (a non-negative integer); Resources may be absent when empty.
UserPage decode_user_page(std::string_view body);

// GET /api/v1/whoami. Absent fields stay empty (older instances may send fewer); wrong types throw.
struct WhoAmI {
  std::string key_scope;   // "organization" or "user" (a personal access token)
  std::string org_role;    // "MEMBER" or "ORG_ADMIN"
  std::string user_id;
};
WhoAmI decode_whoami(std::string_view body);

// One user as a SCIM resource (the POST body's fields and the id): decode_user reads it back unchanged. The remote
// cache stores users this way.
boost::json::object encode_user_resource(const model::RemoteUser& remote);
// POST body: schemas, userName, displayName, active, and the attribute object when there are attributes.
// Integral numbers are sent as integers (3, not 3.0). Throws std::invalid_argument for a non-finite number.
std::string encode_create(const model::User& user);
// PATCH body with only what changed: replace displayName, replace active, and one path-less replace that
// merges the attribute changes ({"urn:omni:params:1.0:UserAttribute": {ref: value | null}}).
// Throws std::invalid_argument when the update changes nothing: SCIM requires at least one operation.
std::string encode_patch(const plan::Update& update);
// PATCH body: replace active false.
std::string encode_deactivate();

// The percent-encoded value for `filter=` that finds one userName: userName eq "a@b.co", with `"` and `\`
// (and control characters) escaped inside the SCIM string.
std::string user_name_filter_query(std::string_view user_name);

}  // namespace oss::omni
