#pragma once
// Omni's SCIM group shapes <-> our types (Boost.JSON). Pure, and as distrustful of the server as scim_codec.
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/group.hpp"

namespace oss::omni {

inline constexpr const char* kCoreGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

struct GroupPage {
  std::size_t total_results = 0;
  std::vector<model::RemoteGroup> groups;
};

// A ListResponse of groups. Each needs a non-empty string id; displayName absent or null -> empty; members absent
// or null -> none, else objects with a string "value" (the user's id). Unknown fields are ignored. Throws
// DecodeError naming the place ("Resources[2].members[0].value: expected a string, got a number").
GroupPage decode_group_page(std::string_view body);
// One group (POST 201).
model::RemoteGroup decode_group_body(std::string_view body);

// One group as a SCIM resource (the POST body and the id): decode_group_body reads it back. The remote cache
// stores groups this way.
boost::json::object encode_group_resource(const model::RemoteGroup& group);
// POST body: schemas, displayName, members [{value: id}].
std::string encode_create_group(std::string_view display_name, const std::vector<std::string>& member_ids);
// PATCH body: replace displayName (when renamed), add path "members" with every id to add, and one remove with
// path members[value eq "id"] per id to remove. Throws std::invalid_argument when it would change nothing.
std::string encode_group_patch(const std::optional<std::string>& rename, const std::vector<std::string>& add_ids,
                               const std::vector<std::string>& remove_ids);

}  // namespace oss::omni
