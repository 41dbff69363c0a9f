#pragma once
// Who wants to know what Omni accepted during an apply: the remote cache keeps itself in step with every write
// as it succeeds, so a cycle stopped midway leaves it true to Omni for what was sent.
#include <string>

#include <optional>
#include <vector>

#include "model/user.hpp"
#include "plan/plan.hpp"

namespace oss::apply {

class ApplyObserver {
 public:
  virtual ~ApplyObserver() = default;
  // Omni answered 2xx to `operation`; `id` is the user's id (for a create: the new one).
  virtual void written(const plan::Operation& operation, const std::string& id) = 0;
  // Omni showed this user as it is now (a create answered 409 and fetched, or a lookup after a 404).
  virtual void seen(const model::RemoteUser& user) = 0;
  // The user with this id is no longer at Omni (404).
  virtual void gone(const std::string& id) = 0;

  // Groups: one call Omni accepted. A created group (POST with its first members) is a call on a group not seen
  // before; `rename` is its new name (for a create: its name).
  virtual void group_written(const std::string& id, const std::optional<std::string>& rename,
                             const std::vector<std::string>& added_ids, const std::vector<std::string>& removed_ids) = 0;
  virtual void group_gone(const std::string& id) = 0;
};

}  // namespace oss::apply
