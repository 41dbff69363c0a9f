#pragma once
// A plan: the SCIM calls that close the gap between the snapshot and Omni, as typed values.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/user.hpp"

namespace oss::plan {

// What happens to a person Omni has and the source no longer lists. deactivate_then_delete: deactivated at once,
// deleted once gone `delete_after_days` days (a delete cannot be undone; a deactivation can).
enum class Deprovision { delete_user, deactivate, ignore, deactivate_then_delete };

struct Policy {
  Deprovision deprovision = Deprovision::delete_user;
  int delete_after_days = 30;   // deactivate_then_delete only
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
  bool back_in_source = false;   // a reactivation of someone the grace clock had as gone
  friend bool operator==(const Update&, const Update&) = default;
};

struct Deactivate {
  std::string id;
  std::string user_name;
  // true: the source lists the person with `active: false` (a deliberate decision, kept even when the source
  // looks unhealthy); false: deprovisioning of someone the source no longer lists.
  bool from_source = false;
  // deactivate_then_delete: the day the person will be deleted unless they return.
  std::optional<std::chrono::sys_days> delete_on = std::nullopt;
  friend bool operator==(const Deactivate&, const Deactivate&) = default;
};

struct Delete {
  std::string id;
  std::string user_name;
  // deactivate_then_delete: the day the person was first missed, and the grace period that has now passed.
  std::optional<std::chrono::sys_days> gone_since = std::nullopt;
  int grace_days = 0;
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

// The one rule for the order in which a plan's operations are sent (planner, applier and every kind of cycle).
//   revoke: deactivations the source asks for (`active: false`: a decision, not an inference). A leaver must not
//           wait behind a backlog of additions: at 60 requests a minute, 10,000 creates are 2.8 hours.
//   add:    creates and updates (reactivations among them).
//   remove: deactivations and deletes of people merely gone from the source, the kind the guards exist for; they
//           go last, so that a run cut short has added before it removed what it inferred.
// A phase starts only once every call of the one before it has ended.
enum class ApplyPhase { revoke, add, remove };
ApplyPhase apply_phase(const Operation& operation);

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

// deactivate_then_delete: a person gone from the source and still at Omni, with the day they were first missed.
struct GoneUser {
  std::string id;
  std::string user_name;
  std::chrono::sys_days first_missed;
  std::chrono::sys_days delete_on;   // deletion_day(first_missed, policy)
  friend bool operator==(const GoneUser&, const GoneUser&) = default;
};

// The grace clock the planner reads (deactivate_then_delete): today's date, and the day each Omni id was first
// missed. An id not listed is missed from today on. Given, not read, so that the planner stays pure.
struct GraceClock {
  std::chrono::sys_days today;
  std::map<std::string, std::chrono::sys_days> first_missed;   // by Omni id
};

// The day a person first missed on `first_missed` is deleted under `policy`.
std::chrono::sys_days deletion_day(std::chrono::sys_days first_missed, const Policy& policy);
// How far ahead a plan lists the deletions coming up.
inline constexpr std::chrono::days kUpcomingWindow{7};

struct Plan {
  // In the order they must be applied: by apply_phase (revocations, additions, removals), each phase by
  // normalised userName.
  std::vector<Operation> operations;
  std::vector<Withheld> withheld;
  std::size_t unchanged = 0;
  std::size_t inactive_absent = 0;   // listed inactive in the source and not at Omni: nothing to create, counted
  std::vector<DuplicateRemoteUser> duplicate_remote;
  // deactivate_then_delete: everyone gone from the source that Omni still has (the grace clock to keep, those
  // deleted by this plan included until Omni no longer lists them), and those whose deletion day comes within
  // kUpcomingWindow after today (due ones are Delete operations or withheld).
  std::vector<GoneUser> gone;
  std::vector<GoneUser> upcoming_deletions;
  [[nodiscard]] bool empty() const { return operations.empty(); }
};

}  // namespace oss::plan
