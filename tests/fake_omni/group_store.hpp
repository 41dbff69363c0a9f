#pragma once
// The fake's groups, in creation order. Names are not required to be unique (the API page says nothing about it).
// Not thread-safe: FakeOmni guards it with its mutex.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace oss::fake_omni {

inline constexpr const char* kCoreGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

struct StoredGroup {
  std::string id;                        // 8 characters, like Omni's
  std::string display_name;
  std::vector<std::string> member_ids;   // users' ids, each once, in the order they were added
  std::chrono::system_clock::time_point created;
  std::chrono::system_clock::time_point last_modified;
};

class GroupStore {
 public:
  using Clock = std::chrono::system_clock;
  explicit GroupStore(std::function<std::string()> make_id) : make_id_(std::move(make_id)) {}

  const StoredGroup& create(std::string display_name, const std::vector<std::string>& member_ids, Clock::time_point now);
  [[nodiscard]] StoredGroup* find(std::string_view id);
  bool remove(std::string_view id);
  // A deleted user leaves every group, as at Omni.
  void drop_member(std::string_view user_id);

  [[nodiscard]] std::size_t size() const { return groups_.size(); }
  [[nodiscard]] const StoredGroup& at(std::size_t position) const { return groups_.at(position); }
  [[nodiscard]] const std::vector<StoredGroup>& all() const { return groups_; }

  // Adds the ids not yet members (in order); removes one. Both touch last_modified.
  static void add_members(StoredGroup& group, const std::vector<std::string>& ids, Clock::time_point now);
  static void remove_member(StoredGroup& group, std::string_view id, Clock::time_point now);

 private:
  std::function<std::string()> make_id_;
  std::vector<StoredGroup> groups_;   // a handful in tests: a vector is plenty
};

}  // namespace oss::fake_omni
