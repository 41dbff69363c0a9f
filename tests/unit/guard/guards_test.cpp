#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../plan/plan_test_support.hpp"
#include "guard/guards.hpp"

namespace oss::guard {
namespace {

using plan::Create;
using plan::Deactivate;
using plan::Delete;
using plan::Operation;
using plan::Update;
using plan::WithheldKind;
using plan::testing::person;

Update rename(std::string id, std::string user_name) {
  Update update;
  update.id = std::move(id);
  update.user_name = std::move(user_name);
  update.display_name.emplace("Old", "New");
  return update;
}

std::vector<Operation> deletes(std::size_t n, const std::string& prefix = "gone") {
  std::vector<Operation> result;
  for (std::size_t i = 0; i < n; ++i) result.emplace_back(Delete{prefix + std::to_string(i), prefix + std::to_string(i) + "@x.co"});
  return result;
}

std::vector<Operation> ops(std::initializer_list<Operation> operations) { return operations; }

template <typename T>
std::vector<T> operator+(std::vector<T> a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Expected {
  Operation operation;
  WithheldKind kind;
};

struct GuardCase {
  std::string name;
  std::vector<Operation> operations;
  GuardPolicy policy;
  GuardContext context;
  std::vector<Operation> kept;
  std::vector<Expected> withheld;
  bool trips = false;
};

// A healthy context: complete source of 100 records, 1000 remote users (10% = 100), no last run.
GuardContext healthy(std::size_t remote_users = 1000) { return GuardContext{std::nullopt, remote_users, 100, true, std::nullopt}; }
GuardPolicy limits(std::size_t max_deletes, double max_percent, std::optional<std::size_t> allow = std::nullopt) {
  return GuardPolicy{{}, max_deletes, max_percent, allow};
}
GuardPolicy protecting(std::vector<std::string> patterns) {
  GuardPolicy policy = limits(100, 100);
  policy.protect = std::move(patterns);
  return policy;
}
std::vector<Expected> as(WithheldKind kind, const std::vector<Operation>& operations) {
  std::vector<Expected> result;
  for (const auto& operation : operations) result.push_back({operation, kind});
  return result;
}

std::vector<GuardCase> guard_cases() {
  const Operation create_boss = Create{person("boss@x.co", "Boss")};
  const Operation rename_boss = rename("b", "Boss@X.co");
  const Operation delete_boss = Delete{"b", "boss@x.co"};
  const Operation deactivate_root = Deactivate{"r", "root@admins.x.co"};
  const Operation delete_user1 = Delete{"u1", "user1@x.co"};
  const Operation delete_user12 = Delete{"u12", "user12@x.co"};
  const Operation create_new = Create{person("new@x.co", "New")};
  const Operation update_keep = rename("k", "keep@x.co");
  const Operation quit = Deactivate{"q", "quit@x.co", /*from_source=*/true};
  std::vector<GuardCase> cases;

  cases.push_back({"NothingToGuard", ops({create_new, update_keep}) + deletes(2), limits(25, 10), healthy(),
                   ops({create_new, update_keep}) + deletes(2), {}});

  // protect
  cases.push_back({"ProtectWithholdsUpdatesAndRemovalsButNotCreates",
                   {create_boss, rename_boss, delete_boss, update_keep}, protecting({"BOSS@x.co"}), healthy(),
                   {create_boss, update_keep},
                   {{rename_boss, WithheldKind::protected_user}, {delete_boss, WithheldKind::protected_user}}});
  cases.push_back({"ProtectGlobStar", {deactivate_root, delete_user1}, protecting({"*@Admins.x.co"}), healthy(),
                   {delete_user1}, {{deactivate_root, WithheldKind::protected_user}}});
  cases.push_back({"ProtectGlobQuestionMarkIsOneCharacter", {delete_user1, delete_user12}, protecting({"user?@x.co"}),
                   healthy(), {delete_user12}, {{delete_user1, WithheldKind::protected_user}}});

  // own user
  {
    GuardContext own = healthy();
    own.own_user_id = "b";
    cases.push_back({"OwnUserIsNeverDeleted", {rename_boss, delete_boss, delete_user1}, limits(25, 100), own,
                     {rename_boss, delete_user1}, {{delete_boss, WithheldKind::own_user}}});
    cases.push_back({"OwnUserIsNeverDeactivated", {Operation{Deactivate{"b", "boss@x.co", true}}}, limits(25, 100), own,
                     {}, {{Deactivate{"b", "boss@x.co", true}, WithheldKind::own_user}}});
  }

  // Threshold: absolute
  cases.push_back({"ExactlyMaxDeletesGoes", deletes(3), limits(3, 100), healthy(), deletes(3), {}});
  cases.push_back({"OneOverMaxDeletesWithholdsThemAll", ops({create_new, update_keep}) + deletes(4), limits(3, 100),
                   healthy(), {create_new, update_keep}, as(WithheldKind::delete_threshold, deletes(4)), true});
  cases.push_back({"DeactivationsCountAsRemovals", ops({quit, deactivate_root}) + deletes(2), limits(3, 100), healthy(),
                   {}, as(WithheldKind::delete_threshold, ops({quit, deactivate_root}) + deletes(2)), true});
  cases.push_back({"ZeroMaxDeletesWithholdsAnyRemoval", deletes(1), limits(0, 100), healthy(), {},
                   as(WithheldKind::delete_threshold, deletes(1)), true});
  // Threshold: percentage of remote users (10% of 30 = 3)
  cases.push_back({"ExactlyMaxPercentGoes", deletes(3), limits(100, 10), healthy(30), deletes(3), {}});
  cases.push_back({"OneOverMaxPercentWithholdsThemAll", deletes(4), limits(100, 10), healthy(30), {},
                   as(WithheldKind::delete_threshold, deletes(4)), true});
  cases.push_back({"FractionalPercent", deletes(2), limits(100, 12.5), healthy(16), deletes(2), {}});
  cases.push_back({"FractionalPercentOneOver", deletes(3), limits(100, 12.5), healthy(16), {},
                   as(WithheldKind::delete_threshold, deletes(3)), true});
  // --allow-deletes N replaces both limits
  cases.push_back({"AllowDeletesRaisesTheLimit", deletes(5), limits(3, 100, 5), healthy(), deletes(5), {}});
  cases.push_back({"AllowDeletesIgnoresThePercentage", deletes(5), limits(3, 10, 5), healthy(10), deletes(5), {}});
  cases.push_back({"OneOverAllowDeletesWithholdsThemAll", deletes(6), limits(3, 100, 5), healthy(), {},
                   as(WithheldKind::delete_threshold, deletes(6)), true});
  cases.push_back({"AllowDeletesCanAlsoLowerTheLimit", deletes(2), limits(25, 100, 1), healthy(), {},
                   as(WithheldKind::delete_threshold, deletes(2)), true});
  // Already withheld operations do not count towards the threshold.
  {
    GuardPolicy policy = protecting({"gone0@x.co"});
    policy.max_deletes = 2;
    const auto all = deletes(3);
    cases.push_back({"ProtectedRemovalsDoNotCountTowardsTheThreshold", all, policy, healthy(), {all[1], all[2]},
                     {{all[0], WithheldKind::protected_user}}});
  }

  // Source health
  {
    GuardContext empty = healthy();
    empty.source_records = 0;
    cases.push_back({"EmptySourceWithholdsDeprovisioning",
                     ops({create_new, deactivate_root, quit}) + deletes(2), limits(25, 100, 1000), empty, {create_new, quit},
                     as(WithheldKind::source_health, ops({deactivate_root}) + deletes(2)), true});
    GuardContext incomplete = healthy();
    incomplete.source_complete = false;
    cases.push_back({"IncompleteSourceWithholdsDeprovisioning", ops({update_keep, quit}) + deletes(1), limits(25, 100),
                     incomplete, {update_keep, quit}, as(WithheldKind::source_health, deletes(1)), true});
    // The source's own `active: false` still answers to the threshold.
    cases.push_back({"SourceDeactivationsStillFaceTheThreshold", ops({quit, Deactivate{"q2", "quit2@x.co", true}}) + deletes(1),
                     limits(1, 100), incomplete, {},
                     as(WithheldKind::source_health, deletes(1)) +
                         std::vector<Expected>{{quit, WithheldKind::delete_threshold},
                                               {Deactivate{"q2", "quit2@x.co", true}, WithheldKind::delete_threshold}},
                     true});

    GuardContext shrank = healthy();  // 10% of 100 records: 90 is the edge
    shrank.last_source_records = 100;
    shrank.source_records = 90;
    cases.push_back({"ShrinkOfExactlyMaxPercentGoes", deletes(2), limits(25, 10), shrank, deletes(2), {}});
    shrank.source_records = 89;
    cases.push_back({"ShrinkOverMaxPercentWithholds", ops({create_new, quit}) + deletes(2), limits(25, 10), shrank,
                     {create_new, quit}, as(WithheldKind::source_health, deletes(2)), true});
    cases.push_back({"AllowDeletesWaivesTheShrinkCheck", deletes(2), limits(25, 10, 2), shrank, deletes(2), {}});
    GuardContext grew = healthy();
    grew.last_source_records = 50;
    cases.push_back({"GrowthIsHealthy", deletes(2), limits(25, 10), grew, deletes(2), {}});
    GuardContext first_run = healthy();
    first_run.last_source_records = std::nullopt;
    first_run.source_records = 1;
    cases.push_back({"NoLastRunNoShrinkCheck", deletes(2), limits(25, 100), first_run, deletes(2), {}});
    GuardContext empty_allowed = empty;
    cases.push_back({"AllowDeletesDoesNotTrustAnEmptySource", deletes(1), limits(25, 100, 5), empty_allowed, {},
                     as(WithheldKind::source_health, deletes(1)), true});
  }
  return cases;
}

void PrintTo(const GuardCase& c, std::ostream* os) { *os << c.name; }

class GuardTable : public ::testing::TestWithParam<GuardCase> {};

TEST_P(GuardTable, WithholdsTheExpectedOperations) {
  const GuardCase& c = GetParam();
  plan::Plan input;
  input.operations = c.operations;
  input.unchanged = 7;
  const plan::Plan guarded = apply_guards(input, c.policy, c.context);
  EXPECT_EQ(guarded.operations, c.kept);
  ASSERT_EQ(guarded.withheld.size(), c.withheld.size()) << plan::render_text(guarded);
  for (std::size_t i = 0; i < c.withheld.size(); ++i) {
    EXPECT_EQ(guarded.withheld[i].operation, c.withheld[i].operation) << i;
    EXPECT_EQ(guarded.withheld[i].kind, c.withheld[i].kind) << i << ": " << guarded.withheld[i].reason;
    EXPECT_FALSE(guarded.withheld[i].reason.empty());
  }
  EXPECT_EQ(guarded.unchanged, 7u);
  EXPECT_EQ(trips_guard(guarded), c.trips);
}

INSTANTIATE_TEST_SUITE_P(Guards, GuardTable, ::testing::ValuesIn(guard_cases()),
                         [](const ::testing::TestParamInfo<GuardCase>& info) { return info.param.name; });

plan::Plan plan_of(std::vector<Operation> operations) {
  plan::Plan plan;
  plan.operations = std::move(operations);
  return plan;
}

TEST(GuardReasons, ThresholdSaysHowToAllowTheRemovals) {
  const auto guarded = apply_guards(plan_of(deletes(30)), limits(25, 10), healthy(200));
  ASSERT_EQ(guarded.withheld.size(), 30u);
  EXPECT_EQ(guarded.withheld.front().reason,
            "30 removals of 200 remote users exceed sync.max_deletes=25 and sync.max_delete_percent=10%; raise "
            "sync.max_deletes and sync.max_delete_percent or run once with --allow-deletes 30");
  // Only the limit that was exceeded is named, with the one setting that would let the removals through.
  EXPECT_EQ(apply_guards(plan_of(deletes(30)), limits(25, 50), healthy(200)).withheld.front().reason,
            "30 removals of 200 remote users exceed sync.max_deletes=25; raise sync.max_deletes or run once with "
            "--allow-deletes 30");
  EXPECT_EQ(apply_guards(plan_of(deletes(1)), limits(25, 10), healthy(4)).withheld.front().reason,
            "1 removals of 4 remote users exceed sync.max_delete_percent=10%; raise sync.max_delete_percent or run "
            "once with --allow-deletes 1");
  const auto over_allowed = apply_guards(plan_of(deletes(30)), limits(25, 10, 20), healthy(200));
  EXPECT_EQ(over_allowed.withheld.front().reason, "30 removals exceed --allow-deletes 20; run with --allow-deletes 30 to allow them");
}

TEST(GuardReasons, SourceHealthSaysWhatIsWrong) {
  GuardContext context = healthy();
  context.last_source_records = 200;
  context.source_records = 150;
  const auto shrank = apply_guards(plan_of(deletes(1)), limits(25, 10), context);
  ASSERT_EQ(shrank.withheld.size(), 1u);
  EXPECT_NE(shrank.withheld[0].reason.find("shrank from 200 to 150 records (25%"), std::string::npos)
      << shrank.withheld[0].reason;
  EXPECT_NE(shrank.withheld[0].reason.find("--allow-deletes"), std::string::npos);
  context.source_complete = false;
  EXPECT_NE(apply_guards(plan_of(deletes(1)), limits(25, 10), context).withheld[0].reason.find("incomplete"),
            std::string::npos);
  context.source_records = 0;
  EXPECT_NE(apply_guards(plan_of(deletes(1)), limits(25, 10), context).withheld[0].reason.find("no records"),
            std::string::npos);
}

TEST(GuardReasons, ProtectNamesThePattern) {
  const auto guarded = apply_guards(plan_of(deletes(1)), protecting({"gone*"}), healthy());
  ASSERT_EQ(guarded.withheld.size(), 1u);
  EXPECT_EQ(guarded.withheld[0].reason, "matches protect pattern \"gone*\"");
  EXPECT_FALSE(trips_guard(guarded));
}

TEST(TripsGuard, OnlyThresholdAndSourceHealthTrip) {
  for (const WithheldKind kind :
       {WithheldKind::protected_user, WithheldKind::own_user, WithheldKind::delete_threshold, WithheldKind::source_health}) {
    plan::Plan plan;
    plan.withheld.push_back({Delete{"1", "a@x.co"}, kind, "why"});
    EXPECT_EQ(trips_guard(plan), kind == WithheldKind::delete_threshold || kind == WithheldKind::source_health)
        << plan::withheld_kind_name(kind);
  }
  EXPECT_FALSE(trips_guard(plan::Plan{}));
}

}  // namespace
}  // namespace oss::guard
