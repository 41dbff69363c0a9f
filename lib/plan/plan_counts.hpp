#pragma once
// How many of each kind of operation a plan holds: the summary line of the text output and the JSON "summary".
#include <cstddef>

#include "plan/plan.hpp"

namespace oss::plan {

struct PlanCounts {
  std::size_t create = 0;
  std::size_t update = 0;
  std::size_t deactivate = 0;
  std::size_t remove = 0;     // deletes (`delete` is a keyword)
  std::size_t unchanged = 0;
  std::size_t withheld = 0;          // by a guard: a person must look
  std::size_t protected_users = 0;   // matched sync.protect: left alone on purpose, not in `withheld`
  friend bool operator==(const PlanCounts&, const PlanCounts&) = default;
};

// Counts Plan::operations (withheld operations only in `withheld` or `protected_users`).
PlanCounts count(const Plan& plan);

}  // namespace oss::plan
