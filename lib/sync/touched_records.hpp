#pragma once
// `apply FILE`: Omni's records, now, of the users a plan file touches, by whichever costs fewer requests: one GET
// per user (by id; by userName for a create), or the pages of one full list.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <vector>

#include "omni/scim_client.hpp"
#include "plan/group_plan.hpp"
#include "planfile/plan_file.hpp"

namespace oss::sync {

struct TouchedRecords {
  // records[i]: the user operations[i] touches as Omni holds it now (planfile::record_state); nullopt: no such user.
  std::vector<std::optional<boost::json::object>> records;
  std::vector<std::string> ids;   // ids[i]: Omni's id of records[i]; empty when there is none
  bool listed = false;   // read with a full list rather than one GET per user
};

// `page_size`: the list's page size (omni.page_size); the plan's remoteUsers estimates the list's pages.
boost::asio::awaitable<TouchedRecords> read_touched_records(omni::ScimClient& client, const planfile::PlanFile& file,
                                                            std::size_t page_size);

// Omni's groups, now, that the group part of a plan touches (planfile::group_state; by id, by name for a create):
// groups[i] for operations[i]. Groups are few: one list of them.
boost::asio::awaitable<std::vector<std::optional<boost::json::object>>> read_touched_groups(
    omni::ScimClient& client, const plan::GroupPlan& groups);

}  // namespace oss::sync
