#pragma once
// The fake Omni service without the network: answers one HTTP request at a time the way Omni's API does
// (see /work/shared/omni-scim-api.md and README.md here), with keys, a sliding-window rate limit, fault
// injection and a record of every request. Thread-safe: tests change it while a server thread serves it.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "api_keys.hpp"
#include "faults.hpp"
#include "group_store.hpp"
#include "http_types.hpp"
#include "rate_limiter.hpp"
#include "request_log.hpp"
#include "stored_user.hpp"
#include "user_store.hpp"

namespace oss::fake_omni {

struct FakeOmniOptions {
  std::size_t max_page_size = 100;
  std::optional<RateLimit> rate_limit = RateLimit{};  // Omni's default: 60 per minute; nullopt: no limit
  bool whoami_available = true;                       // false: 404 like an older instance
  std::uint64_t seed = 1;                             // ids and random faults
};

struct SeedUser {
  SeedUser() = default;
  SeedUser(std::string user_name_, std::string display_name_, bool active_ = true, boost::json::object attributes_ = {})
      : user_name(std::move(user_name_)), display_name(std::move(display_name_)), active(active_),
        attributes(std::move(attributes_)) {}

  std::string user_name;
  std::string display_name;
  bool active = true;
  boost::json::object attributes;
  std::optional<std::string> id;          // a fresh UUID when absent
  std::optional<std::string> last_login;  // ISO 8601
};

// What the network layer does with a request.
struct Reply {
  Response response;
  bool drop = false;                     // close the connection without writing the response
  std::chrono::milliseconds delay{0};    // wait this long before writing
};

class FakeOmni {
 public:
  explicit FakeOmni(FakeOmniOptions options = {});
  virtual ~FakeOmni() = default;
  FakeOmni(const FakeOmni&) = delete;
  FakeOmni& operator=(const FakeOmni&) = delete;

  // Answers one request; the arrival time is taken now (the request has been read).
  Reply handle(const Request& request);

  // Keys. The user id is whoami's user.id (a fresh UUID, not a listed user, when absent); it returns it.
  // Deleting that user through SCIM revokes the key, as at Omni.
  std::string add_org_key(std::string secret, std::optional<std::string> user_id = {});
  std::string add_pat(std::string secret, std::optional<std::string> user_id = {});
  bool revoke_key(std::string_view secret);

  // Settings, changeable at run time.
  void set_rate_limit(std::optional<RateLimit> limit);
  void set_max_page_size(std::size_t size);
  void set_whoami_available(bool available);
  Faults& faults() { return faults_; }

  // State.
  std::string seed_user(const SeedUser& user);        // returns the id; throws ScimError 409 on a duplicate
  std::string seed_embed_user(const SeedUser& user);
  // A change made by hand in Omni's UI, behind the sync's back: false when there is no such user.
  bool remove_user_by_hand(const std::string& id);
  void rename_user_by_hand(const std::string& id, std::string display_name);
  [[nodiscard]] std::vector<StoredUser> users() const;  // a copy, in creation order
  [[nodiscard]] std::vector<StoredUser> embed_users() const;
  [[nodiscard]] std::size_t user_count() const;
  [[nodiscard]] std::optional<StoredUser> find_user(std::string_view user_name) const;  // any case
  // Groups: member ids must be users' ids; returns the group's id.
  std::string seed_group(std::string display_name, const std::vector<std::string>& member_ids = {});
  [[nodiscard]] std::vector<StoredGroup> groups() const;  // a copy, in creation order

  // Recorded requests (the /_fake/ control endpoints are not recorded).
  [[nodiscard]] std::vector<RecordedRequest> requests() const { return log_.all(); }
  void clear_requests() { log_.clear(); }
  [[nodiscard]] std::size_t request_count(std::string_view method) const { return log_.count(method); }
  [[nodiscard]] const RequestLog& request_log() const { return log_; }

 private:
  Response handle_authenticated(const Request& request, const ApiKey& key, std::chrono::system_clock::time_point now);
  Response handle_control(const Request& request);
  Response whoami(const ApiKey& key) const;
  std::string new_uuid();  // caller holds mutex_
  std::string new_group_id();  // 8 characters, like Omni's; caller holds mutex_
  std::string add_key(std::string secret, KeyScope scope, std::optional<std::string> user_id);

  mutable std::mutex mutex_;  // guards everything below except faults_ and log_, which lock themselves
  std::mt19937 id_rng_;
  FakeOmniOptions options_;
  UserStore users_;
  UserStore embed_users_;
  GroupStore groups_;
  ApiKeys keys_;
  SlidingWindowLimiter limiter_;
  Faults faults_;
  RequestLog log_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace oss::fake_omni
