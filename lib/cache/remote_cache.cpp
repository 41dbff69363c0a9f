#include "cache/remote_cache.hpp"

#include <algorithm>
#include <utility>

namespace oss::cache {

RemoteCache::RemoteCache(CacheIdentity identity, std::vector<model::RemoteUser> users, std::int64_t listed_unix)
    : identity_(std::move(identity)), users_(std::move(users)), listed_unix_(listed_unix) {
  position_.reserve(users_.size());
  for (std::size_t i = 0; i < users_.size(); ++i) position_[users_[i].id] = i;
}

model::RemoteUser* RemoteCache::find(const std::string& id) {
  const auto it = position_.find(id);
  return it == position_.end() ? nullptr : &users_[it->second];
}

const model::RemoteUser* RemoteCache::find(const std::string& id) const {
  return const_cast<RemoteCache*>(this)->find(id);
}

void RemoteCache::put(model::RemoteUser user) {
  user.user.groups = {};   // memberships are read from the groups, never from a user record
  if (auto* existing = find(user.id)) {
    *existing = std::move(user);
    return;
  }
  position_[user.id] = users_.size();
  users_.push_back(std::move(user));
}

void RemoteCache::gone(const std::string& id) {
  // Omni takes a deleted user out of every group.
  if (groups_)
    for (auto& group : *groups_) std::erase(group.member_ids, id);
  const auto it = position_.find(id);
  if (it == position_.end()) return;
  // The last user takes the freed place: the planner matches by userName, not by position.
  const std::size_t freed = it->second;
  position_.erase(it);
  if (freed + 1 != users_.size()) {
    users_[freed] = std::move(users_.back());
    position_[users_[freed].id] = freed;
  }
  users_.pop_back();
}

void RemoteCache::seen(const model::RemoteUser& user) { put(user); }

void RemoteCache::written(const plan::Operation& operation, const std::string& id) {
  if (const auto* create = std::get_if<plan::Create>(&operation)) {
    put(model::RemoteUser{id, create->user});
  } else if (const auto* update = std::get_if<plan::Update>(&operation)) {
    if (auto* user = find(id)) apply_update(user->user, *update);
  } else if (std::holds_alternative<plan::Deactivate>(operation)) {
    if (auto* user = find(id)) user->user.active = false;
  } else if (std::holds_alternative<plan::Delete>(operation)) {
    gone(id);
  }
}

void RemoteCache::group_written(const std::string& id, const std::optional<std::string>& rename,
                                const std::vector<std::string>& added_ids, const std::vector<std::string>& removed_ids) {
  if (!groups_) return;
  auto group = std::find_if(groups_->begin(), groups_->end(), [&](const model::RemoteGroup& g) { return g.id == id; });
  if (group == groups_->end()) {
    groups_->push_back(model::RemoteGroup{id, rename.value_or(""), {}});
    group = std::prev(groups_->end());
  } else if (rename) {
    group->display_name = *rename;
  }
  for (const auto& member : added_ids)
    if (std::find(group->member_ids.begin(), group->member_ids.end(), member) == group->member_ids.end())
      group->member_ids.push_back(member);
  for (const auto& member : removed_ids) std::erase(group->member_ids, member);
}

void RemoteCache::group_gone(const std::string& id) {
  if (groups_) std::erase_if(*groups_, [&](const model::RemoteGroup& group) { return group.id == id; });
}

void apply_update(model::User& user, const plan::Update& update) {
  if (update.display_name) user.display_name = update.display_name->second;
  if (update.active) user.active = *update.active;
  for (const auto& change : update.attributes) {
    if (change.after) {
      user.attributes.set(change.reference, *change.after);
      continue;
    }
    // Attributes have no erase: a cleared one is rare, so the rest is copied into a new set.
    model::Attributes kept;
    for (const auto& [reference, value] : user.attributes)
      if (reference != change.reference) kept.set(reference, value);
    user.attributes = std::move(kept);
  }
}

}  // namespace oss::cache
