#pragma once
// /api/scim/v2/users and /api/scim/v2/embed/users: list (paged, filtered), get, create, replace, patch, delete.
// Not thread-safe: FakeOmni calls it with its mutex held.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "faults.hpp"
#include "http_types.hpp"
#include "user_store.hpp"

namespace oss::fake_omni {

struct ListSettings {
  std::size_t max_page_size = 100;            // "count" is capped here; the default count is this too
  std::optional<ListCorruption> corruption;   // injected into this answer when it is a list
};

// id: the path segment after .../users/, if any.
Response handle_users_request(UserStore& store, const Request& request, const std::optional<std::string>& id,
                              const ListSettings& list, std::chrono::system_clock::time_point now);

}  // namespace oss::fake_omni
