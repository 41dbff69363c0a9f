#pragma once
// The fake's users, in creation order (SCIM lists are sorted by creation), unique by normalised userName.
// Not thread-safe: FakeOmni guards it with its mutex.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stored_user.hpp"

namespace oss::fake_omni {

class UserStore {
 public:
  using Clock = std::chrono::system_clock;
  explicit UserStore(std::function<std::string()> make_id) : make_id_(std::move(make_id)) {}

  // Throws ScimError 409 "User with this email already exists" when the userName is taken (any case).
  const StoredUser& create(UserFields fields, Clock::time_point now, std::optional<std::string> id = {});
  // Replaces every client-settable field of an existing user. Throws ScimError 404 or 409.
  const StoredUser& save(const std::string& id, UserFields fields, Clock::time_point now);
  bool remove(const std::string& id);
  // Sets last_login (seeds only).
  void set_last_login(const std::string& id, std::string when);

  [[nodiscard]] const StoredUser* find(std::string_view id) const;
  [[nodiscard]] const StoredUser* find_by_user_name(std::string_view user_name) const;  // any case
  [[nodiscard]] std::size_t size() const { return order_.size(); }
  // The user at a 0-based position in creation order.
  [[nodiscard]] const StoredUser& at(std::size_t position) const { return users_.at(order_.at(position)); }
  [[nodiscard]] std::vector<StoredUser> snapshot() const;

 private:
  std::function<std::string()> make_id_;
  std::unordered_map<std::string, StoredUser> users_;    // by id
  std::unordered_map<std::string, std::string> id_by_name_;  // normalised userName -> id
  std::vector<std::string> order_;                         // ids in creation order
};

}  // namespace oss::fake_omni
