#pragma once
// A user's group names as the source writes them: one CSV field split on source.groups_separator, or a list in a
// JSON/YAML record. Each name is trimmed; empty ones and repeats are dropped; the order is kept.
#include <string>
#include <string_view>
#include <vector>

namespace oss::source {

std::vector<std::string> split_group_names(std::string_view field, char separator);

// Adds `name` (trimmed) to `names` unless it is empty or already there.
void add_group_name(std::vector<std::string>& names, std::string_view name);

}  // namespace oss::source
