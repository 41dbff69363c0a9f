// The Applier's group phase: after every user operation ended, one group at a time, each group's calls in
// order (a create's POST, then the PATCHes that add the members beyond the first call's batch).
#include <spdlog/spdlog.h>

#include <type_traits>

#include "apply/applier.hpp"
#include "apply/group_batches.hpp"
#include "omni/group_client.hpp"

namespace oss::apply {

namespace asio = boost::asio;

namespace {

std::vector<std::string> member_fields(const GroupPatchCall& call, const std::vector<plan::MemberRef>& add,
                                       const std::vector<plan::MemberRef>& remove) {
  // The audit line names people, not ids: map this call's ids back to the planned userNames.
  const auto name_of = [](const std::vector<plan::MemberRef>& members, const std::string& id) {
    for (const plan::MemberRef& member : members)
      if (member.id == id) return member.user_name;
    return id;
  };
  std::vector<std::string> fields;
  if (call.rename) fields.push_back("displayName");
  for (const std::string& id : call.add_ids) fields.push_back("members+" + name_of(add, id));
  for (const std::string& id : call.remove_ids) fields.push_back("members-" + name_of(remove, id));
  return fields;
}

}  // namespace

void Applier::record_group(const plan::GroupOperation& operation, const std::string& id, std::vector<std::string> fields,
                           int status, const std::string& outcome, const std::string& error) {
  if (!audit_) return;
  audit_->record(AuditEntry{plan::group_op_name(operation), {}, id, std::move(fields), status, outcome, error,
                            plan::group_display_name(operation)});
}

std::vector<std::string> Applier::resolve(const plan::GroupOperation& operation,
                                          const std::vector<plan::MemberRef>& members) {
  std::vector<std::string> ids;
  ids.reserve(members.size());
  for (plan::MemberRef member : members) {
    if (member.id.empty()) {
      const auto created = created_ids_.find(model::normalise_user_name(member.user_name));
      if (created == created_ids_.end()) {
        spdlog::warn("{} {}: {} was not created, so it is not added", plan::group_op_name(operation),
                     plan::group_display_name(operation), member.user_name);
        continue;
      }
      member.id = created->second;
    }
    ids.push_back(std::move(member.id));
  }
  return ids;
}

asio::awaitable<int> Applier::send_group_patches(const plan::GroupOperation& operation, const std::string& id,
                                                 const std::vector<GroupPatchCall>& calls) {
  omni::GroupClient groups(client_);
  const auto* update = std::get_if<plan::UpdateGroup>(&operation);
  const auto* create = std::get_if<plan::CreateGroup>(&operation);
  const std::vector<plan::MemberRef> none;
  const auto& add = update ? update->add : (create ? create->members : none);
  const auto& remove = update ? update->remove : none;
  int status = 0;
  for (const GroupPatchCall& call : calls) {
    status = co_await groups.patch_group(id, call.rename, call.add_ids, call.remove_ids);
    if (status == 404) co_return status;
    if (observer_) observer_->group_written(id, call.rename, call.add_ids, call.remove_ids);
    record_group(operation, id, member_fields(call, add, remove), status, "applied");
  }
  co_return status;
}

asio::awaitable<void> Applier::send_group(const plan::GroupOperation& operation) {
  omni::GroupClient groups(client_);
  const char* op = plan::group_op_name(operation);
  int status = 0;
  std::string id;
  if (const auto* create = std::get_if<plan::CreateGroup>(&operation)) {
    const GroupCreateCalls calls = group_create_calls(resolve(operation, create->members));
    const omni::GroupWrite created = co_await groups.create_group(create->display_name, calls.first_members);
    id = created.group.id;
    if (observer_) observer_->group_written(id, create->display_name, calls.first_members, {});
    record_group(operation, id, member_fields({create->display_name, calls.first_members, {}}, create->members, {}),
                 created.status, "applied");
    status = co_await send_group_patches(operation, id, calls.then);
  } else if (const auto* update = std::get_if<plan::UpdateGroup>(&operation)) {
    id = update->id;
    status = co_await send_group_patches(
        operation, id, group_patch_calls(update->rename, resolve(operation, update->add), resolve(operation, update->remove)));
  } else if (const auto* remove = std::get_if<plan::DeleteGroup>(&operation)) {
    id = remove->id;
    status = co_await groups.remove_group(id);
    if (status != 404) record_group(operation, id, {}, status, "applied");
  }
  if (observer_ && (status == 404 || std::holds_alternative<plan::DeleteGroup>(operation))) observer_->group_gone(id);
  if (status == 404) {
    ++report_.gone;
    record_group(operation, id, {}, status, "gone");
    spdlog::info("{} {}: no longer at Omni (404); nothing more to do", op, plan::group_display_name(operation));
    co_return;
  }
  ++report_.applied[op];
}

asio::awaitable<void> Applier::apply_groups(const plan::GroupPlan& plan) {
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    if (stopping_) {
      report_.not_started += plan.operations.size() - i;
      co_return;
    }
    const plan::GroupOperation& operation = plan.operations[i];
    const auto failure = co_await run_reported(plan::group_op_name(operation), plan::group_display_name(operation),
                                               send_group(operation));
    if (!failure || failure->empty()) continue;
    record_failure_line([&] { record_group(operation, {}, {}, 0, "failed", *failure); });
  }
}

}  // namespace oss::apply
