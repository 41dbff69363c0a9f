#include "user_store.hpp"

#include <algorithm>

#include "scim_error.hpp"

namespace oss::fake_omni {
namespace {

ScimError duplicate() { return {409, "uniqueness", "User with this email already exists"}; }

}  // namespace

const StoredUser& UserStore::create(UserFields fields, Clock::time_point now, std::optional<std::string> id) {
  std::string key = model::normalise_user_name(fields.user_name);
  if (id_by_name_.contains(key)) throw duplicate();
  StoredUser user;
  static_cast<UserFields&>(user) = std::move(fields);
  user.id = id ? *id : make_id_();
  if (users_.contains(user.id)) throw ScimError(409, "uniqueness", "id " + user.id + " already exists");
  user.created = user.last_modified = now;
  id_by_name_.emplace(std::move(key), user.id);
  order_.push_back(user.id);
  auto [position, inserted] = users_.emplace(user.id, std::move(user));
  return position->second;
}

const StoredUser& UserStore::save(const std::string& id, UserFields fields, Clock::time_point now) {
  auto found = users_.find(id);
  if (found == users_.end()) throw ScimError(404, "", "User " + id + " not found");
  StoredUser& user = found->second;
  std::string old_key = model::normalise_user_name(user.user_name);
  std::string new_key = model::normalise_user_name(fields.user_name);
  if (new_key != old_key) {
    if (id_by_name_.contains(new_key)) throw duplicate();
    id_by_name_.erase(old_key);
    id_by_name_.emplace(new_key, id);
  }
  static_cast<UserFields&>(user) = std::move(fields);
  user.last_modified = now;
  return user;
}

bool UserStore::remove(const std::string& id) {
  auto found = users_.find(id);
  if (found == users_.end()) return false;
  id_by_name_.erase(model::normalise_user_name(found->second.user_name));
  users_.erase(found);
  order_.erase(std::find(order_.begin(), order_.end(), id));
  return true;
}

void UserStore::set_last_login(const std::string& id, std::string when) {
  auto found = users_.find(id);
  if (found != users_.end()) found->second.last_login = std::move(when);
}

const StoredUser* UserStore::find(std::string_view id) const {
  auto found = users_.find(std::string(id));
  return found == users_.end() ? nullptr : &found->second;
}

const StoredUser* UserStore::find_by_user_name(std::string_view user_name) const {
  auto found = id_by_name_.find(model::normalise_user_name(user_name));
  return found == id_by_name_.end() ? nullptr : find(found->second);
}

std::vector<StoredUser> UserStore::snapshot() const {
  std::vector<StoredUser> copy;
  copy.reserve(order_.size());
  for (const auto& id : order_) copy.push_back(users_.at(id));
  return copy;
}

}  // namespace oss::fake_omni
