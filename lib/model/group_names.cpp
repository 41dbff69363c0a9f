#include "model/group_names.hpp"

#include <utility>

namespace oss::model {

namespace {
std::unique_ptr<const std::vector<std::string>> held(std::vector<std::string> names) {
  if (names.empty()) return nullptr;
  return std::make_unique<const std::vector<std::string>>(std::move(names));
}
}  // namespace

GroupNames::GroupNames(std::vector<std::string> names) : names_(held(std::move(names))) {}

GroupNames::GroupNames(std::initializer_list<std::string> names) : names_(held(std::vector<std::string>(names))) {}

GroupNames::GroupNames(const GroupNames& other) : names_(held(other.names())) {}

GroupNames& GroupNames::operator=(const GroupNames& other) {
  if (this != &other) names_ = held(other.names());
  return *this;
}

const std::vector<std::string>& GroupNames::names() const {
  static const std::vector<std::string> none;
  return names_ ? *names_ : none;
}

}  // namespace oss::model
