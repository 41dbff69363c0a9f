// diff_moving_creates: the plan diff makes, with the people to create moved out of the desired list instead of
// copied; the records of everyone else stay as they were.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "plan/planner.hpp"
#include "plan/render_text.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;

bool is_created(const Plan& plan, const model::User& user) {
  return std::any_of(plan.operations.begin(), plan.operations.end(), [&](const Operation& operation) {
    const auto* create = std::get_if<Create>(&operation);
    return create && create->user == user;
  });
}

std::size_t creates_in(const Plan& plan) {
  return static_cast<std::size_t>(std::count_if(plan.operations.begin(), plan.operations.end(), [](const Operation& operation) {
    return std::holds_alternative<Create>(operation);
  }));
}

TEST(PlannerMovingCreates, SamePlanAsACopyingDiff) {
  const GraceClock clock{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}, {}};
  for (const Deprovision mode : {Deprovision::delete_user, Deprovision::deactivate_then_delete}) {
    for (unsigned seed = 1; seed <= 20; ++seed) {
      for (const std::size_t parallel_from : {std::size_t{0}, std::numeric_limits<std::size_t>::max()}) {
        // Repeated userNames included: only the first record of a name is created, the repeat stays in place.
        const auto [original, remote] = random_lists(seed, 300, 30);
        const Policy policy{mode, 30, {"region"}};
        const Plan copied = diff(original, remote, policy, &clock, parallel_from);
        std::vector<model::User> desired = original;
        const Plan moved = diff_moving_creates(desired, remote, policy, &clock, parallel_from);
        ASSERT_EQ(moved.operations, copied.operations) << "seed " << seed << "\n" << render_text(moved);
        EXPECT_EQ(moved.unchanged, copied.unchanged);
        EXPECT_EQ(moved.duplicate_remote, copied.duplicate_remote);
        EXPECT_EQ(moved.gone, copied.gone);

        ASSERT_EQ(desired.size(), original.size());
        // Each Create took its record (moved, not copied); no other record changed.
        std::size_t taken = 0;
        for (std::size_t i = 0; i < desired.size(); ++i) {
          if (desired[i] == original[i]) continue;
          ++taken;
          EXPECT_TRUE(is_created(copied, original[i])) << "not created, yet changed: " << original[i].user_name;
        }
        EXPECT_EQ(taken, creates_in(copied)) << "seed " << seed;
      }
    }
  }
}

}  // namespace
}  // namespace oss::plan
