#pragma once
// The group part of a plan: which managed Omni groups to create, rename, re-member or delete, as typed values.
// Members are named by userName and carry Omni's id when the user already exists; a user created in the same
// run has no id yet, and the applier resolves it from what the user operations returned.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plan/plan.hpp"

namespace oss::plan {

enum class GroupManage {
  all,      // every Omni group whose name starts with `prefix`
  listed,   // only the groups named in `names` (source names, without the prefix)
};
enum class GroupDeprovision {
  keep,          // a managed group the source no longer names is left as it is (members included)
  delete_group,  // ... is deleted (guarded like user deletes)
};

// `sync.groups` in the configuration.
struct GroupPolicy {
  bool enabled = false;
  GroupManage manage = GroupManage::all;
  std::vector<std::string> names;
  // Added in front of every source group name to make the Omni name, and the mark of a managed group: Omni
  // groups without it were made by hand and are never touched.
  std::string prefix;
  GroupDeprovision deprovision = GroupDeprovision::keep;
  // Old source name -> new source name: the Omni group of the old name is renamed (it keeps its id, and so the
  // access Omni grants through it) instead of a new group being created and the old one kept or deleted.
  std::map<std::string, std::string> renames;
};

struct MemberRef {
  std::string user_name;
  std::string id;   // empty: the user is created in this run
  friend bool operator==(const MemberRef&, const MemberRef&) = default;
};

struct CreateGroup {
  std::string display_name;
  std::vector<MemberRef> members;
  friend bool operator==(const CreateGroup&, const CreateGroup&) = default;
};

// Everything that changes in one group; applied as one PATCH (or one per 100 members).
struct UpdateGroup {
  std::string id;
  std::string display_name;                                    // the current name at Omni
  std::optional<std::string> rename;                           // the new name
  std::vector<MemberRef> add;
  std::vector<MemberRef> remove;
  friend bool operator==(const UpdateGroup&, const UpdateGroup&) = default;
};

struct DeleteGroup {
  std::string id;
  std::string display_name;
  std::size_t members = 0;
  friend bool operator==(const DeleteGroup&, const DeleteGroup&) = default;
};

using GroupOperation = std::variant<CreateGroup, UpdateGroup, DeleteGroup>;

// "create_group", "update_group", "delete_group"
const char* group_op_name(const GroupOperation& operation);
const std::string& group_display_name(const GroupOperation& operation);

struct WithheldGroup {
  GroupOperation operation;   // for a withheld member removal: an UpdateGroup holding only those removals
  WithheldKind kind;
  std::string reason;
};

struct GroupPlan {
  // Creates, then updates, then deletes; each sorted by name.
  std::vector<GroupOperation> operations;
  std::vector<WithheldGroup> withheld;
  std::size_t unchanged = 0;   // managed groups already in step (or kept although absent from the source)
  std::size_t unmanaged = 0;   // Omni groups the configuration does not manage: never touched
  // Source members that cannot be placed: not at Omni and not created in this run (inactive, or several Omni
  // users share the name). "group: userName".
  std::vector<std::string> unplaced;
};

}  // namespace oss::plan
