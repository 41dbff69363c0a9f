#include "apply/group_batches.hpp"

#include <algorithm>

namespace oss::apply {

std::vector<GroupPatchCall> group_patch_calls(std::optional<std::string> rename, const std::vector<std::string>& add_ids,
                                              const std::vector<std::string>& remove_ids, std::size_t limit) {
  limit = std::max<std::size_t>(1, limit);
  std::vector<GroupPatchCall> calls;
  if (rename) calls.push_back({std::move(rename), {}, {}});
  const auto room_in_last = [&]() -> GroupPatchCall& {
    if (calls.empty() || calls.back().add_ids.size() + calls.back().remove_ids.size() >= limit) calls.emplace_back();
    return calls.back();
  };
  for (const std::string& id : add_ids) room_in_last().add_ids.push_back(id);
  for (const std::string& id : remove_ids) room_in_last().remove_ids.push_back(id);
  return calls;
}

GroupCreateCalls group_create_calls(const std::vector<std::string>& member_ids, std::size_t limit) {
  limit = std::max<std::size_t>(1, limit);
  const auto split = member_ids.begin() + static_cast<std::ptrdiff_t>(std::min(limit, member_ids.size()));
  GroupCreateCalls calls;
  calls.first_members.assign(member_ids.begin(), split);
  calls.then = group_patch_calls(std::nullopt, std::vector<std::string>(split, member_ids.end()), {}, limit);
  return calls;
}

}  // namespace oss::apply
