#pragma once
// Who wants to know what Omni accepted during an apply: the remote cache keeps itself in step with every write
// as it succeeds, so a cycle stopped midway leaves it true to Omni for what was sent.
#include <string>

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
};

}  // namespace oss::apply
