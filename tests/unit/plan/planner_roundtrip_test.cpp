// Property: applying a plan to Omni's users brings them in step, so planning again gives an empty plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "plan/planner.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;

// What Omni would hold after every operation succeeded.
std::vector<model::RemoteUser> apply(std::vector<model::RemoteUser> remote, const Plan& plan) {
  std::size_t next_id = 100000;
  const auto by_id = [&](const std::string& id) {
    return std::find_if(remote.begin(), remote.end(), [&](const model::RemoteUser& r) { return r.id == id; });
  };
  for (const Operation& operation : plan.operations) {
    if (const auto* create = std::get_if<Create>(&operation)) {
      remote.push_back({std::to_string(next_id++), create->user});
    } else if (const auto* update = std::get_if<Update>(&operation)) {
      auto it = by_id(update->id);
      if (update->display_name) it->user.display_name = update->display_name->second;
      if (update->active) it->user.active = *update->active;
      for (const AttributeChange& change : update->attributes) {
        model::Attributes kept;
        for (const auto& [reference, value] : it->user.attributes)
          if (reference != change.reference) kept.set(reference, value);
        if (change.after) kept.set(change.reference, *change.after);
        it->user.attributes = kept;
      }
    } else if (const auto* deactivate = std::get_if<Deactivate>(&operation)) {
      by_id(deactivate->id)->user.active = false;
    } else {
      remote.erase(by_id(std::get<Delete>(operation).id));
    }
  }
  return remote;
}

class PlannerRoundTrip : public ::testing::TestWithParam<Deprovision> {};

TEST_P(PlannerRoundTrip, ApplyingThePlanLeavesNothingToDo) {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const auto [desired, remote] = random_lists(seed, 60);
    const Policy policy{GetParam(), 30, {"region"}};
    const Plan first = diff(desired, remote, policy);
    const Plan second = diff(desired, apply(remote, first), policy);
    EXPECT_TRUE(second.operations.empty()) << "seed " << seed << ":\n" << render_text(second);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryDeprovisionMode, PlannerRoundTrip,
                         ::testing::Values(Deprovision::delete_user, Deprovision::deactivate, Deprovision::ignore),
                         [](const ::testing::TestParamInfo<Deprovision>& info) {
                           switch (info.param) {
                             case Deprovision::delete_user: return std::string("Delete");
                             case Deprovision::deactivate: return std::string("Deactivate");
                             default: return std::string("Ignore");
                           }
                         });

}  // namespace
}  // namespace oss::plan
