#pragma once
// Omni's SCIM groups endpoints (/api/scim/v2/groups) as typed calls, sent through the same client (and so the
// same scheduler, key and error handling) as the users.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/group.hpp"
#include "omni/scim_client.hpp"

namespace oss::omni {

struct GroupWrite {
  model::RemoteGroup group;   // for a create: the group as Omni answered
  int status = 0;
};

class GroupClient {
 public:
  explicit GroupClient(ScimClient& client) : client_(client) {}

  // Every group, page by page; throws when the pages don't add up to totalResults.
  boost::asio::awaitable<std::vector<model::RemoteGroup>> list_groups();

  // POST with its first members. Other answers than 2xx throw HttpError (KeyRefused for 401/403).
  boost::asio::awaitable<GroupWrite> create_group(const std::string& display_name, const std::vector<std::string>& member_ids);

  // One PATCH (see encode_group_patch) and DELETE: the HTTP status, 2xx or 404 (the group is gone meanwhile).
  boost::asio::awaitable<int> patch_group(const std::string& id, const std::optional<std::string>& rename,
                                          const std::vector<std::string>& add_ids,
                                          const std::vector<std::string>& remove_ids);
  boost::asio::awaitable<int> remove_group(const std::string& id);

 private:
  [[nodiscard]] std::string groups_path() const;
  [[nodiscard]] std::string group_path(const std::string& id) const;

  ScimClient& client_;
};

}  // namespace oss::omni
