#pragma once
// A user as the fake Omni holds it.
#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "model/user.hpp"

namespace oss::fake_omni {

inline constexpr const char* kCoreUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kUserAttributeSchema = "urn:omni:params:1.0:UserAttribute";
inline constexpr const char* kOmniUserExtensionSchema = "urn:omni:params:scim:schemas:extension:user:2.0";

// What a client may set (POST, PUT, PATCH).
struct UserFields {
  std::string user_name;
  std::string display_name;
  bool active = true;
  // urn:omni:params:1.0:UserAttribute: reference -> string, number, bool or an array of those (never null:
  // a null clears the attribute).
  boost::json::object attributes;
};

struct StoredUser : UserFields {
  std::string id;  // a UUID
  std::optional<std::string> last_login;  // ISO 8601; only seeds set it
  std::chrono::system_clock::time_point created;
  std::chrono::system_clock::time_point last_modified;
};

// The same user in the project's model types, so that tests can compare it with a desired model::User.
// Attributes with values the model cannot hold (nested objects) are left out.
model::RemoteUser to_remote_user(const StoredUser& user);

}  // namespace oss::fake_omni
