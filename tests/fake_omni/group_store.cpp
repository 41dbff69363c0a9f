#include "group_store.hpp"

#include <algorithm>
#include <unordered_set>

namespace oss::fake_omni {

const StoredGroup& GroupStore::create(std::string display_name, const std::vector<std::string>& member_ids,
                                      Clock::time_point now) {
  StoredGroup group{make_id_(), std::move(display_name), {}, now, now};
  add_members(group, member_ids, now);
  groups_.push_back(std::move(group));
  return groups_.back();
}

StoredGroup* GroupStore::find(std::string_view id) {
  const auto it = std::find_if(groups_.begin(), groups_.end(), [&](const StoredGroup& g) { return g.id == id; });
  return it == groups_.end() ? nullptr : &*it;
}

bool GroupStore::remove(std::string_view id) {
  const auto it = std::find_if(groups_.begin(), groups_.end(), [&](const StoredGroup& g) { return g.id == id; });
  if (it == groups_.end()) return false;
  groups_.erase(it);
  return true;
}

void GroupStore::drop_member(std::string_view user_id) {
  for (StoredGroup& group : groups_) std::erase(group.member_ids, user_id);
}

void GroupStore::add_members(StoredGroup& group, const std::vector<std::string>& ids, Clock::time_point now) {
  std::unordered_set<std::string> present(group.member_ids.begin(), group.member_ids.end());
  for (const std::string& id : ids)
    if (present.insert(id).second) group.member_ids.push_back(id);
  group.last_modified = now;
}

void GroupStore::remove_member(StoredGroup& group, std::string_view id, Clock::time_point now) {
  std::erase(group.member_ids, id);
  group.last_modified = now;
}

}  // namespace oss::fake_omni
