#pragma once
// How one group's changes become calls: as few as possible, each carrying at most kMembersPerCall member values
// (a 1,000-member group is 1 POST + 9 PATCHes, not 1,000 calls, and no body grows without bound). Pure.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace oss::apply {

inline constexpr std::size_t kMembersPerCall = 100;

struct GroupPatchCall {
  std::optional<std::string> rename;
  std::vector<std::string> add_ids;
  std::vector<std::string> remove_ids;
  friend bool operator==(const GroupPatchCall&, const GroupPatchCall&) = default;
};

// The PATCH calls for a rename plus member additions and removals: additions first, then removals, filled
// `limit` member values at a time; the rename rides on the first call. None when nothing changes.
std::vector<GroupPatchCall> group_patch_calls(std::optional<std::string> rename, const std::vector<std::string>& add_ids,
                                              const std::vector<std::string>& remove_ids,
                                              std::size_t limit = kMembersPerCall);

struct GroupCreateCalls {
  std::vector<std::string> first_members;   // sent with the POST
  std::vector<GroupPatchCall> then;         // the rest, added by PATCH once the group has an id
};
GroupCreateCalls group_create_calls(const std::vector<std::string>& member_ids, std::size_t limit = kMembersPerCall);

}  // namespace oss::apply
