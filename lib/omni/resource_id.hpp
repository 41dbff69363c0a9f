#pragma once
// Ids come from the server and go back into request paths (/api/scim/v2/users/<id>). They are encoded there,
// but "." and ".." stay what they are, and a path-normalising proxy would turn DELETE .../users/.. into a call on
// another resource: so an id must be a plain token, or the record is refused.
#include <optional>
#include <string>
#include <string_view>

namespace oss::omni {

// Why `id` is not acceptable as a resource id, or nullopt: empty, "." or "..", or a character outside
// letters, digits, '-', '.', '_' and '~' (URL-unreserved; Omni's ids are UUIDs).
std::optional<std::string> resource_id_problem(std::string_view id);

}  // namespace oss::omni
