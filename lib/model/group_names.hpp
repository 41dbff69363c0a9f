#pragma once
// A user's group names as the source gives them. One pointer wide, null when there are none: a million users
// carry this on both the desired and the remote list, remote users never have any, and group sync is off by
// default, so a std::vector (three pointers) would cost 32 MB per million-by-million run for nothing.
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace oss::model {

class GroupNames {
 public:
  using value_type = std::string;
  using const_iterator = std::vector<std::string>::const_iterator;
  using iterator = const_iterator;

  GroupNames() = default;
  GroupNames(std::vector<std::string> names);          // NOLINT(google-explicit-constructor): a list of names is one
  GroupNames(std::initializer_list<std::string> names);  // NOLINT(google-explicit-constructor)
  GroupNames(const GroupNames& other);
  GroupNames& operator=(const GroupNames& other);
  GroupNames(GroupNames&&) noexcept = default;
  GroupNames& operator=(GroupNames&&) noexcept = default;
  ~GroupNames() = default;

  [[nodiscard]] bool empty() const { return names_ == nullptr; }
  [[nodiscard]] std::size_t size() const { return names_ ? names_->size() : 0; }
  [[nodiscard]] const_iterator begin() const { return names().begin(); }
  [[nodiscard]] const_iterator end() const { return names().end(); }
  [[nodiscard]] const std::vector<std::string>& names() const;

  friend bool operator==(const GroupNames& a, const GroupNames& b) { return a.names() == b.names(); }
  friend bool operator==(const GroupNames& a, const std::vector<std::string>& b) { return a.names() == b; }

 private:
  std::unique_ptr<const std::vector<std::string>> names_;  // never points to an empty vector
};

}  // namespace oss::model
