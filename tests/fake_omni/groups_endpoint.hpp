#pragma once
// /api/scim/v2/groups: list (paged), get, create with members, PATCH (add members, remove members[value eq "id"],
// replace displayName), delete. Members must be listed users. Not thread-safe: FakeOmni calls it with its mutex held.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "group_store.hpp"
#include "http_types.hpp"
#include "user_store.hpp"

namespace oss::fake_omni {

// id: the path segment after .../groups/, if any.
Response handle_groups_request(GroupStore& groups, const UserStore& users, const Request& request,
                               const std::optional<std::string>& id, std::size_t max_page_size,
                               std::chrono::system_clock::time_point now);

boost::json::object render_group(const StoredGroup& group, const UserStore& users);

}  // namespace oss::fake_omni
