#pragma once
// What the sync knows of Omni's users between full reconciles: the users the last full list returned, kept in
// step with every write Omni accepted since (it is the apply stage's observer). An incremental cycle plans the
// whole source against it: planning is local and fast, requests are what cost, so an unchanged source sends
// nothing and a changed person sends only their own write.
//
// The cache holds Omni's records as values, not digests: the same planner plans against it as against a fresh
// list, under the policy of the day (a reload that changes `deprovision` or `manage_attributes` needs no new list).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "apply/apply_observer.hpp"
#include "model/group.hpp"
#include "model/user.hpp"

namespace oss::cache {

// The instance and key a cache belongs to; a cache of another identity is never used.
struct CacheIdentity {
  std::string base_url;
  std::string key_owner;   // the user id /api/v1/whoami names; empty on an instance without whoami
  friend bool operator==(const CacheIdentity&, const CacheIdentity&) = default;
};

class RemoteCache final : public apply::ApplyObserver {
 public:
  // `listed_unix`: when the full list the cache starts from was read (seconds since the epoch).
  RemoteCache(CacheIdentity identity, std::vector<model::RemoteUser> users, std::int64_t listed_unix);

  [[nodiscard]] const CacheIdentity& identity() const { return identity_; }
  [[nodiscard]] std::int64_t listed_unix() const { return listed_unix_; }
  [[nodiscard]] std::span<const model::RemoteUser> users() const { return users_; }
  [[nodiscard]] std::size_t size() const { return users_.size(); }
  // The user with this Omni id; null when the cache has none.
  [[nodiscard]] const model::RemoteUser* find(const std::string& id) const;

  // Omni's groups as last listed and since written; nullopt when the full list did not read them (groups off).
  [[nodiscard]] const std::optional<std::vector<model::RemoteGroup>>& groups() const { return groups_; }
  void set_groups(std::vector<model::RemoteGroup> groups) { groups_ = std::move(groups); }

  void written(const plan::Operation& operation, const std::string& id) override;
  void seen(const model::RemoteUser& user) override;
  void gone(const std::string& id) override;
  void group_written(const std::string& id, const std::optional<std::string>& rename,
                     const std::vector<std::string>& added_ids, const std::vector<std::string>& removed_ids) override;
  void group_gone(const std::string& id) override;

 private:
  void put(model::RemoteUser user);
  model::RemoteUser* find(const std::string& id);

  CacheIdentity identity_;
  std::vector<model::RemoteUser> users_;
  std::unordered_map<std::string, std::size_t> position_;   // id -> index in users_
  std::int64_t listed_unix_;
  std::optional<std::vector<model::RemoteGroup>> groups_;
};

// `user` after an accepted PATCH: the new displayName and active flag, attributes set or cleared.
void apply_update(model::User& user, const plan::Update& update);

}  // namespace oss::cache
