#pragma once
// Sorting by normalised userName, fast even when a million names share a long prefix ("firstname.lastname...").
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace oss::plan {

// The positions of `names` in the order of their normalised forms (model::normalise_user_name); equal names keep
// their input order.
std::vector<std::size_t> user_name_order(std::span<const std::string_view> names);

}  // namespace oss::plan
