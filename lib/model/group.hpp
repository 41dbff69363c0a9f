#pragma once
// A group as Omni holds it: Omni grants access by group, so the sync keeps the managed ones in step.
#include <string>
#include <vector>

namespace oss::model {

struct RemoteGroup {
  std::string id;                        // Omni's id (8 characters)
  std::string display_name;              // the group's name, unique in practice but not enforced
  std::vector<std::string> member_ids;   // users' ids, in the order Omni listed them
  friend bool operator==(const RemoteGroup&, const RemoteGroup&) = default;
};

}  // namespace oss::model
