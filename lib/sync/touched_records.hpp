#pragma once
// `apply FILE`: Omni's records, now, of the users a plan file touches, by whichever costs fewer requests: one GET
// per user (by id; by userName for a create), or the pages of one full list.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <vector>

#include "omni/scim_client.hpp"
#include "planfile/plan_file.hpp"

namespace oss::sync {

struct TouchedRecords {
  // records[i]: the user operations[i] touches as Omni holds it now (planfile::record_state); nullopt: no such user.
  std::vector<std::optional<boost::json::object>> records;
  bool listed = false;   // read with a full list rather than one GET per user
};

// `page_size`: the list's page size (omni.page_size); the plan's remoteUsers estimates the list's pages.
boost::asio::awaitable<TouchedRecords> read_touched_records(omni::ScimClient& client, const planfile::PlanFile& file,
                                                            std::size_t page_size);

}  // namespace oss::sync
