#pragma once
// A plan: the SCIM calls that close the gap between the snapshot and Omni, as typed values.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/user.hpp"

namespace oss::plan {

enum class Deprovision { delete_user, deactivate, ignore };

struct Policy {
  Deprovision deprovision = Deprovision::delete_user;
  // Attribute references the sync owns: present remotely but absent in the source -> cleared.
  // Attributes not listed are left alone when the source does not mention them (admins set them by hand).
  std::vector<std::string> manage_attributes;
};

struct AttributeChange {
  std::string reference;
  std::optional<model::AttributeValue> before;   // nullopt: not set remotely
  std::optional<model::AttributeValue> after;    // nullopt: clear it (PATCH null)
  friend bool operator==(const AttributeChange&, const AttributeChange&) = default;
};

struct Create {
  model::User user;
  friend bool operator==(const Create&, const Create&) = default;
};

// Only the fields that differ; applied as one PATCH.
struct Update {
  std::string id;
  std::string user_name;
  std::optional<std::pair<std::string, std::string>> display_name;   // before, after
  std::optional<bool> active;                                          // new value (reactivation: true)
  std::vector<AttributeChange> attributes;
  friend bool operator==(const Update&, const Update&) = default;
};

struct Deactivate {
  std::string id;
  std::string user_name;
  // true: the source lists the person with `active: false` (a deliberate decision, kept even when the source
  // looks unhealthy); false: deprovisioning of someone the source no longer lists.
  bool from_source = false;
  friend bool operator==(const Deactivate&, const Deactivate&) = default;
};

struct Delete {
  std::string id;
  std::string user_name;
  friend bool operator==(const Delete&, const Delete&) = default;
};

using Operation = std::variant<Create, Update, Deactivate, Delete>;

// "create", "update", "deactivate", "delete"
const char* op_name(const Operation& operation);
const std::string& op_user_name(const Operation& operation);
// Omni's id of the user the operation touches; empty for a create.
const std::string& op_id(const Operation& operation);
// Deactivations and deletes remove access; guards count them together.
bool removes_access(const Operation& operation);

enum class WithheldKind {
  protected_user,   // matched a `protect` pattern
  own_user,         // the API key's own user
  delete_threshold, // max_deletes / max_delete_percent exceeded
  source_health,    // empty, incomplete or shrunken source
};

// "protected_user", "own_user", "delete_threshold", "source_health"
const char* withheld_kind_name(WithheldKind kind);

// A protected user is left alone by the admin's own standing choice (sync.protect): shown and counted apart,
// so that "withheld" keeps meaning "a person must look".
inline bool is_left_alone(WithheldKind kind) { return kind == WithheldKind::protected_user; }

// A removal guard fired (too many removals, or a source that looks broken): the run ends with exit status 3 and a
// person must decide. The protect patterns and the key's own user are standing rules, not trips.
inline bool is_guard_trip(WithheldKind kind) {
  return kind == WithheldKind::delete_threshold || kind == WithheldKind::source_health;
}

struct Withheld {
  Operation operation;
  WithheldKind kind;
  std::string reason;
};

// Several Omni users share one normalised userName (Omni should prevent it). The planner cannot tell which one
// is the person, so it touches none of them and reports them here.
struct DuplicateRemoteUser {
  std::string user_name;          // normalised
  std::vector<std::string> ids;   // in the order Omni listed them
  friend bool operator==(const DuplicateRemoteUser&, const DuplicateRemoteUser&) = default;
};

struct Plan {
  // In the order they must be applied: creates and updates first, deactivations and deletes last,
  // so that a run cut short has added before it removed.
  std::vector<Operation> operations;
  std::vector<Withheld> withheld;
  std::size_t unchanged = 0;
  std::size_t inactive_absent = 0;   // listed inactive in the source and not at Omni: nothing to create, counted
  std::vector<DuplicateRemoteUser> duplicate_remote;
  [[nodiscard]] bool empty() const { return operations.empty(); }
};

}  // namespace oss::plan
