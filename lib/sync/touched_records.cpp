#include "sync/touched_records.hpp"

#include <algorithm>
#include <unordered_map>

#include "omni/group_client.hpp"
#include "planfile/group_record.hpp"
#include "planfile/plan_record.hpp"

namespace oss::sync {

namespace asio = boost::asio;

namespace {

void take(TouchedRecords& touched, const model::RemoteUser* user) {
  touched.records.push_back(user ? std::optional(planfile::record_state(user->user)) : std::nullopt);
  touched.ids.push_back(user ? user->id : std::string());
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
      // Two statements, not a conditional expression: g++ 12 destroys the result of a co_await inside `?:` twice.
      std::optional<model::RemoteUser> user;
      if (std::holds_alternative<plan::Create>(operation))
        user = co_await client.find_by_user_name(plan::op_user_name(operation));
      else
        user = co_await client.get_user(plan::op_id(operation));
      take(touched, user ? &*user : nullptr);
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
    take(touched, it == index.end() ? nullptr : it->second);
  }
  co_return touched;
}

asio::awaitable<std::vector<std::optional<boost::json::object>>> read_touched_groups(omni::ScimClient& client,
                                                                                   const plan::GroupPlan& groups) {
  const std::vector<model::RemoteGroup> everything = co_await omni::GroupClient(client).list_groups();
  std::vector<std::optional<boost::json::object>> touched;
  for (const plan::GroupOperation& operation : groups.operations) {
    const auto* create = std::get_if<plan::CreateGroup>(&operation);
    const auto found = std::find_if(everything.begin(), everything.end(), [&](const model::RemoteGroup& group) {
      if (create) return group.display_name == create->display_name;
      const auto* update = std::get_if<plan::UpdateGroup>(&operation);
      return group.id == (update ? update->id : std::get<plan::DeleteGroup>(operation).id);
    });
    touched.push_back(found == everything.end() ? std::nullopt : std::optional(planfile::group_state(*found)));
  }
  co_return touched;
}

}  // namespace oss::sync
