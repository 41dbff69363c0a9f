#pragma once
// SCIM PATCH (RFC 7644 section 3.5.2) limited to the forms Omni documents:
//   {"op":"replace","path":"active","value":false}
//   {"op":"replace","path":"displayName","value":"New"}
//   {"op":"replace","value":{"urn:omni:params:1.0:UserAttribute":{"region":"eu", "gone": null}}}   (merge)
// "op" is add | replace | remove in any case. Anything else is a 400, as a strict server would answer.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "stored_user.hpp"

namespace oss::fake_omni {

inline constexpr const char* kPatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

enum class PatchOp { add, replace, remove };
// The Operations of a PatchOp body: the PatchOp schema is required and the array must not be empty.
const boost::json::array& patch_operations(const boost::json::value& body);
// An operation's "op", in any case. `where` names it in messages ("Operations[2]").
PatchOp patch_op(const boost::json::object& operation, const std::string& where);

// Applies every operation to a copy, so that a failing operation leaves the user as it was.
// Throws ScimError 400 naming the operation and the problem.
UserFields apply_patch(UserFields user, const boost::json::value& body);

}  // namespace oss::fake_omni
