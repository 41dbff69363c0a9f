#include "source/group_names.hpp"

#include <algorithm>

#include "model/user.hpp"

namespace oss::source {

void add_group_name(std::vector<std::string>& names, std::string_view name) {
  name = model::trim(name);
  if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) return;
  names.emplace_back(name);
}

std::vector<std::string> split_group_names(std::string_view field, char separator) {
  std::vector<std::string> names;
  for (;;) {
    const auto end = field.find(separator);
    add_group_name(names, field.substr(0, end));
    if (end == std::string_view::npos) break;
    field.remove_prefix(end + 1);
  }
  return names;
}

}  // namespace oss::source
