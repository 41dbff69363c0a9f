// deprovision: deactivate_then_delete, day by day with an injected clock (no sleeping): a small Omni is kept as a
// map, each day's plan is guarded and applied to it, and the grace clock is carried over as the reconciler keeps it
// (Plan::gone, saved after the apply).
#include <gmock/gmock.h>

#include <chrono>
#include <map>
#include <vector>

#include "guard/guards.hpp"
#include "plan/planner.hpp"
#include "plan/render_text.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;
using ::testing::HasSubstr;
using std::chrono::days;

constexpr std::chrono::sys_days kDay0 = std::chrono::sys_days(std::chrono::year(2026) / 12 / 4);

class GraceDays : public ::testing::Test {
 protected:
  GraceDays() {
    policy_.deprovision = Deprovision::deactivate_then_delete;
    policy_.delete_after_days = 30;
    guards_.max_delete_percent = 100;
    for (const char* name : {"ada@x.co", "bob@x.co", "cy@x.co"}) {
      omni_[std::to_string(omni_.size() + 1)] = person(name, name);
      source_.push_back(person(name, name));
    }
  }

  // One cycle on `day`: plan against Omni and the clock, guard, apply to Omni, keep the clock.
  Plan cycle(int day) {
    std::vector<model::RemoteUser> remote;
    for (const auto& [id, user] : omni_) remote.push_back({id, user});
    GraceClock clock{kDay0 + days(day), {}};
    for (const GoneUser& gone : clock_) clock.first_missed.emplace(gone.id, gone.first_missed);
    guard::GuardContext context;
    context.remote_users = remote.size();
    context.source_records = source_.size();
    Plan plan = guard::apply_guards(diff(source_, remote, policy_, clock), guards_, context);
    for (const Operation& operation : plan.operations) {
      if (const auto* deactivate = std::get_if<Deactivate>(&operation)) omni_.at(deactivate->id).active = false;
      if (const auto* update = std::get_if<Update>(&operation); update && update->active) omni_.at(update->id).active = true;
      if (const auto* remove = std::get_if<Delete>(&operation)) omni_.erase(remove->id);
    }
    clock_ = plan.gone;
    return plan;
  }

  void leaves(const std::string& user_name) {
    std::erase_if(source_, [&](const model::User& user) { return user.user_name == user_name; });
  }

  Policy policy_;
  guard::GuardPolicy guards_;
  std::map<std::string, model::User> omni_;   // id -> user
  std::vector<model::User> source_;
  std::vector<GoneUser> clock_;
};

TEST_F(GraceDays, DeactivatedOnDayZeroKeptOnDay29DeletedOnDay30) {
  ASSERT_TRUE(cycle(-1).empty());
  leaves("bob@x.co");
  const Plan day0 = cycle(0);
  ASSERT_EQ(day0.operations.size(), 1u);
  const Deactivate& deactivate = std::get<Deactivate>(day0.operations[0]);
  EXPECT_EQ(deactivate.id, "2");
  EXPECT_FALSE(deactivate.from_source);
  EXPECT_EQ(deactivate.delete_on, kDay0 + days(30));
  EXPECT_THAT(render_text(day0),
              HasSubstr("- deactivate bob@x.co (gone from the source; deleted on 2027-01-03 unless they return)"));
  EXPECT_FALSE(omni_.at("2").active);

  for (int day = 1; day <= 29; ++day) EXPECT_TRUE(cycle(day).empty()) << "day " << day;
  ASSERT_TRUE(omni_.contains("2")) << "deleted before the grace period ended";

  const Plan day30 = cycle(30);
  ASSERT_EQ(day30.operations.size(), 1u);
  EXPECT_EQ(day30.operations[0], (Operation{Delete{"2", "bob@x.co", kDay0, 30}}));
  EXPECT_THAT(render_text(day30), HasSubstr("- delete bob@x.co (gone since 2026-12-04, 30 days; id 2)"));
  EXPECT_FALSE(omni_.contains("2"));
  EXPECT_TRUE(cycle(31).gone.empty()) << "a deleted person leaves the clock";
}

TEST_F(GraceDays, TheDeletionsOfTheNextSevenDaysAreListedBeforeTheyAreDue) {
  leaves("cy@x.co");
  cycle(0);
  EXPECT_TRUE(cycle(22).upcoming_deletions.empty()) << "eight days ahead is beyond the window";
  const Plan day23 = cycle(23);
  ASSERT_EQ(day23.upcoming_deletions.size(), 1u);
  EXPECT_EQ(day23.upcoming_deletions[0].delete_on, kDay0 + days(30));
  EXPECT_THAT(render_text(day23),
              HasSubstr("= upcoming: cy@x.co deleted on 2027-01-03 unless they return (gone since 2026-12-04)"));
  EXPECT_TRUE(day23.operations.empty());
}

TEST_F(GraceDays, SomeoneBackOnDay10IsReactivatedWithTheSameIdAndTheirClockStops) {
  leaves("bob@x.co");
  cycle(0);
  source_.push_back(person("bob@x.co", "bob@x.co"));
  const Plan day10 = cycle(10);
  ASSERT_EQ(day10.operations.size(), 1u);
  const Update& reactivate = std::get<Update>(day10.operations[0]);
  EXPECT_EQ(reactivate.id, "2");
  EXPECT_EQ(reactivate.active, true);
  EXPECT_TRUE(reactivate.back_in_source);
  EXPECT_THAT(render_text(day10), HasSubstr("~ reactivate bob@x.co (back in the source)"));
  EXPECT_TRUE(day10.gone.empty());
  EXPECT_TRUE(omni_.at("2").active);
  for (int day = 11; day <= 45; ++day) EXPECT_TRUE(cycle(day).empty()) << "day " << day;
  EXPECT_TRUE(omni_.contains("2"));
}

TEST_F(GraceDays, AClockLostOnDay20RestartsTheGracePeriodSoTheDeletionMovesToDay50) {
  leaves("bob@x.co");
  cycle(0);
  for (int day = 1; day < 20; ++day) cycle(day);
  clock_.clear();   // the file is gone or cannot be trusted: nobody is known to be missing since before today
  const Plan day20 = cycle(20);
  ASSERT_EQ(day20.gone.size(), 1u);
  EXPECT_EQ(day20.gone[0].first_missed, kDay0 + days(20));
  for (int day = 21; day <= 49; ++day) EXPECT_TRUE(cycle(day).empty()) << "day " << day;
  EXPECT_TRUE(omni_.contains("2")) << "a lost clock shortened the grace period";
  EXPECT_EQ(cycle(50).operations, (std::vector<Operation>{Delete{"2", "bob@x.co", kDay0 + days(20), 30}}));
}

TEST_F(GraceDays, ADeletionAGuardWithholdsOnTheDueDayKeepsItsClockAndGoesWhenAllowed) {
  leaves("bob@x.co");
  cycle(0);
  guards_.max_deletes = 0;
  guards_.max_delete_percent = 0;
  const Plan due = cycle(30);
  EXPECT_TRUE(due.operations.empty());
  ASSERT_EQ(due.withheld.size(), 1u);
  EXPECT_EQ(due.withheld[0].kind, WithheldKind::delete_threshold);
  EXPECT_THAT(render_text(due), HasSubstr("! withheld delete bob@x.co: "));
  EXPECT_EQ(cycle(31).withheld.size(), 1u) << "still due the next day, same clock";
  guards_.allow_deletes = 1;
  EXPECT_EQ(cycle(32).operations, (std::vector<Operation>{Delete{"2", "bob@x.co", kDay0, 30}}));
  EXPECT_FALSE(omni_.contains("2"));
}

TEST_F(GraceDays, TheLeaverTheSourceMarksInactiveIsDeactivatedFirstAndNotScheduledForDeletion) {
  source_[2].active = false;   // cy@x.co: a decision of the source, not an absence
  const Plan plan = cycle(0);
  ASSERT_EQ(plan.operations.size(), 1u);
  EXPECT_EQ(plan.operations[0], (Operation{Deactivate{"3", "cy@x.co", true, {}}}));
  EXPECT_TRUE(plan.gone.empty());
  for (int day = 1; day <= 60; ++day) EXPECT_TRUE(cycle(day).empty());
  EXPECT_TRUE(omni_.contains("3"));
}

TEST(GraceWithoutClock, OnlyDeactivates) {
  Policy policy{Deprovision::deactivate_then_delete, 1, {}};
  const std::vector<model::RemoteUser> remote = {at_omni("1", person("a@x.co", "A")),
                                                 at_omni("2", person("b@x.co", "B", false))};
  const Plan plan = diff({}, remote, policy);
  EXPECT_EQ(plan.operations, (std::vector<Operation>{Deactivate{"1", "a@x.co", false, {}}}));
  EXPECT_EQ(plan.unchanged, 1u);
}

}  // namespace
}  // namespace oss::plan
