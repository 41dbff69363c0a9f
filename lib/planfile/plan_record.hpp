#pragma once
// The state of an Omni user that a plan depends on, as JSON: {"userName", "displayName", "active",
// "attributes": {reference: value}}. Written into the plan file for each operation, compared at `apply` with
// what Omni says then: equal -> the operation may go; equal to its end state -> already done; else stale.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>

#include "model/user.hpp"
#include "plan/plan.hpp"

namespace oss::planfile {

// `sp`: where the values live (default: the heap; the plan file writer gives a scratch buffer).
boost::json::object record_state(const model::User& user, boost::json::storage_ptr sp = {});

// The record once `operation` went through; nullopt when it leaves no record (a delete).
std::optional<boost::json::object> end_state(const std::optional<boost::json::object>& planned,
                                             const plan::Operation& operation);

// The same person in the same state: userNames compared as model::normalise_user_name does, the rest exactly.
bool same_record(const boost::json::object& a, const boost::json::object& b);

// One line per field that differs: `displayName: "Bob" when planned, "Robert" now`.
std::vector<std::string> record_differences(const boost::json::object& planned, const boost::json::object& now);

// What Omni's record now (`now`, nullopt: no such user) means for an operation planned against `planned`.
enum class RecordVerdict {
  ready,   // as planned: the operation may go
  done,    // already in the operation's end state (a run killed midway): nothing to send
  stale,   // changed since the plan: the reviewed operation no longer says what it would do
};
struct Judgement {
  RecordVerdict verdict = RecordVerdict::ready;
  std::vector<std::string> differences;   // for a stale record: what changed
};
Judgement judge_record(const std::optional<boost::json::object>& planned, const plan::Operation& operation,
                       const std::optional<boost::json::object>& now);

}  // namespace oss::planfile
