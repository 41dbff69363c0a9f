#include "sync/touched_records.hpp"

#include <unordered_map>

#include "planfile/plan_record.hpp"

namespace oss::sync {

namespace asio = boost::asio;

namespace {

std::optional<boost::json::object> state_of(const std::optional<model::RemoteUser>& user) {
  if (!user) return std::nullopt;
  return planfile::record_state(user->user);
}

}  // namespace

asio::awaitable<TouchedRecords> read_touched_records(omni::ScimClient& client, const planfile::PlanFile& file,
                                                     std::size_t page_size) {
  const auto& operations = file.plan.operations;
  TouchedRecords touched;
  const std::size_t page = std::max<std::size_t>(1, page_size);
  // One more page than the plan saw, in case Omni grew meanwhile.
  const std::size_t list_cost = (file.origin.remote_users + page - 1) / page + 1;
  touched.listed = operations.size() > list_cost;
  if (!touched.listed) {
    for (const plan::Operation& operation : operations) {
      if (std::holds_alternative<plan::Create>(operation))
        touched.records.push_back(state_of(co_await client.find_by_user_name(plan::op_user_name(operation))));
      else
        touched.records.push_back(state_of(co_await client.get_user(plan::op_id(operation))));
    }
    co_return touched;
  }
  const std::vector<model::RemoteUser> everyone = co_await client.list_users();
  std::unordered_map<std::string, const model::RemoteUser*> by_id, by_name;
  for (const model::RemoteUser& user : everyone) {
    by_id.emplace(user.id, &user);
    by_name.emplace(model::normalise_user_name(user.user.user_name), &user);
  }
  for (const plan::Operation& operation : operations) {
    const bool create = std::holds_alternative<plan::Create>(operation);
    const auto& index = create ? by_name : by_id;
    const auto it = index.find(create ? model::normalise_user_name(plan::op_user_name(operation)) : plan::op_id(operation));
    touched.records.push_back(it == index.end() ? std::nullopt
                                                : std::optional(planfile::record_state(it->second->user)));
  }
  co_return touched;
}

}  // namespace oss::sync
