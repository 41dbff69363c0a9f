#pragma once
// A reviewed plan (issue 17): `sync --dry-run --plan-out FILE` writes one, `show FILE` prints it, `apply FILE`
// sends exactly its operations once every record they touch is still as it was planned.
//
// The file is one JSON object (schema in README "Plan files"), written as a stream. Its last member is
// "sha256": the SHA-256 of every byte of the file before `,"sha256":"`, so that any edit (a byte, an operation,
// the instance) is seen. The digest is no signature: it proves the file is the one that was written, and the
// checks of `apply` (instance, key owner, every touched record unchanged at Omni) keep a file written for another
// place or time from doing harm.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "guard/guard_policy.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"

namespace oss::planfile {

// The version this program writes and reads; a file of a later one is refused, not guessed at.
inline constexpr std::int64_t kSchemaVersion = 1;

// The file is not a plan this program may apply: edited, another schema, another instance or key owner, not a
// plan file at all. Exit status 65 (EX_DATAERR); nothing is sent.
class PlanFileRejected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where and under what rules a plan was made.
struct PlanOrigin {
  std::string instance;            // omni.base_url
  std::string key_owner;           // the API key's user id (whoami); empty when the instance has no whoami
  std::int64_t made_unix = 0;      // seconds since the epoch, UTC
  std::string made_by;             // "omni-scim-sync 0.9.0"
  plan::Policy policy;
  guard::GuardPolicy guards;       // allow_deletes included (sync --allow-deletes)
  std::size_t remote_users = 0;    // Omni's users the plan was made against: what a full list costs at apply

  [[nodiscard]] std::chrono::system_clock::time_point made_at() const {
    return std::chrono::system_clock::time_point(std::chrono::seconds(made_unix));
  }
};

struct PlanFile {
  PlanOrigin origin;
  plan::Plan plan;
  // planned[i]: Omni's record operations[i] was planned against (plan_record.hpp); nullopt for a create (nobody at
  // Omni had that userName).
  std::vector<std::optional<boost::json::object>> planned;
  // The group part (group_record.hpp); nullopt when groups are not synced. groups_planned[i]: the group
  // groups->operations[i] was planned against (nullopt for a create).
  std::optional<plan::GroupPlan> groups;
  std::vector<std::optional<boost::json::object>> groups_planned;
  std::string sha256;
};

}  // namespace oss::planfile
