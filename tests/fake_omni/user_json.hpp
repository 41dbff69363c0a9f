#pragma once
// Omni's user resource as JSON: rendering a StoredUser, and reading the body of a POST or PUT strictly
// (RFC 7643/7644: "schemas" required; wrong types rejected with 400).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "stored_user.hpp"

namespace oss::fake_omni {

boost::json::object render_user(const StoredUser& user);

// Throws ScimError 400 naming the offending field.
UserFields parse_user_body(const boost::json::value& body);
// Parses request text as JSON; throws ScimError 400 invalidSyntax.
boost::json::value parse_json_body(std::string_view text);

// Checks one user-attribute value (string, number, bool, null, or an array of string/number/bool/null).
void check_attribute_value(std::string_view reference, const boost::json::value& value);
// Merges attributes: a null value clears that reference, anything else sets it.
void merge_attributes(boost::json::object& into, const boost::json::value& changes);

// RFC 3339 / ISO 8601 UTC with milliseconds, the way Omni writes timestamps: 2024-01-03T00:00:00.000Z
std::string iso8601(std::chrono::system_clock::time_point when);

}  // namespace oss::fake_omni
