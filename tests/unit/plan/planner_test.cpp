#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plan/planner.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;

struct PlannerCase {
  std::string name;
  std::vector<model::User> desired;
  std::vector<model::RemoteUser> remote;
  Policy policy;
  std::vector<Operation> operations;   // expected, in order
  std::size_t unchanged = 0;
  std::vector<DuplicateRemoteUser> duplicates = {};
};

Policy deprovision(Deprovision mode) { return Policy{mode, 30, {}}; }
Policy managing(std::vector<std::string> references) { return Policy{Deprovision::delete_user, 30, std::move(references)}; }

Update update(std::string id, std::string user_name) {
  Update result;
  result.id = std::move(id);
  result.user_name = std::move(user_name);
  return result;
}
Update renamed(std::string id, std::string user_name, std::string from, std::string to) {
  Update result = update(std::move(id), std::move(user_name));
  result.display_name.emplace(std::move(from), std::move(to));
  return result;
}
Update reactivated(std::string id, std::string user_name) {
  Update result = update(std::move(id), std::move(user_name));
  result.active = true;
  return result;
}
Update attribute_changed(std::string id, std::string user_name, std::vector<AttributeChange> changes) {
  Update result = update(std::move(id), std::move(user_name));
  result.attributes = std::move(changes);
  return result;
}

std::vector<PlannerCase> planner_cases() {
  const auto alice = person("alice@x.co", "Alice");
  const auto bob = person("bob@x.co", "Bob");
  const auto region_us = AttributeList{{"region", text("us")}};
  std::vector<PlannerCase> cases;

  // Create
  cases.push_back({"CreatesAPersonMissingAtOmni", {alice}, {}, {}, {Create{alice}}});
  cases.push_back({"CreateCarriesAttributes",
                   {person("a@x.co", "A", true, {{"region", text("eu")}, {"seats", number(3)}})}, {}, {},
                   {Create{person("a@x.co", "A", true, {{"region", text("eu")}, {"seats", number(3)}})}}});
  cases.push_back({"DoesNotCreateAnInactivePerson", {person("gone@x.co", "Gone", false)}, {}, {}, {}, 0});

  // In step
  cases.push_back({"InStepGivesAnEmptyPlan",
                   {person("a@x.co", "A", true, region_us), bob},
                   {at_omni("1", person("a@x.co", "A", true, region_us)), at_omni("2", bob)}, {}, {}, 2});
  cases.push_back({"MatchesCaseInsensitivelyAndIgnoresSurroundingSpace",
                   {person("  Alice@X.CO\t", "Alice")}, {at_omni("1", person("alice@x.co", "Alice"))}, {}, {}, 1});
  cases.push_back({"FoldsOnlyAsciiLetters",   // "É" and "é" are different bytes: two different people
                   {person("\xC3\x89mile@x.co", "Emile")}, {at_omni("1", person("\xC3\xA9mile@x.co", "Emile"))}, {},
                   {Create{person("\xC3\x89mile@x.co", "Emile")}, Delete{"1", "\xC3\xA9mile@x.co"}}});

  // Update, one field at a time
  cases.push_back({"UpdatesDisplayName", {person("bob@x.co", "Robert")}, {at_omni("2", bob)}, {},
                   {renamed("2", "bob@x.co", "Bob", "Robert")}});
  cases.push_back({"UpdateUsesOmnisSpellingOfTheUserName", {person("Bob@X.co", "Robert")}, {at_omni("2", bob)}, {},
                   {renamed("2", "bob@x.co", "Bob", "Robert")}});
  cases.push_back({"ReactivatesAnInactiveUser", {bob}, {at_omni("2", person("bob@x.co", "Bob", false))}, {},
                   {reactivated("2", "bob@x.co")}});
  cases.push_back({"AddsAnAttribute", {person("a@x.co", "A", true, {{"region", text("eu")}})},
                   {at_omni("1", person("a@x.co", "A"))}, {},
                   {attribute_changed("1", "a@x.co", {{"region", std::nullopt, text("eu")}})}});
  cases.push_back({"ChangesAnAttributeValue", {person("a@x.co", "A", true, {{"region", text("eu")}})},
                   {at_omni("1", person("a@x.co", "A", true, region_us))}, {},
                   {attribute_changed("1", "a@x.co", {{"region", text("us"), text("eu")}})}});
  cases.push_back({"StringOneAndNumberOneDiffer", {person("a@x.co", "A", true, {{"level", text("1")}})},
                   {at_omni("1", person("a@x.co", "A", true, {{"level", number(1)}}))}, {},
                   {attribute_changed("1", "a@x.co", {{"level", number(1), text("1")}})}});
  cases.push_back({"EqualNumbersAreUnchanged", {person("a@x.co", "A", true, {{"level", number(1)}})},
                   {at_omni("1", person("a@x.co", "A", true, {{"level", number(1.0)}}))}, {}, {}, 1});
  {
    const model::AttributeValue ab{model::AttributeList{std::string("a"), std::string("b")}};
    const model::AttributeValue ba{model::AttributeList{std::string("b"), std::string("a")}};
    cases.push_back({"ComparesListsInOrder", {person("a@x.co", "A", true, {{"teams", ab}})},
                     {at_omni("1", person("a@x.co", "A", true, {{"teams", ba}}))}, {},
                     {attribute_changed("1", "a@x.co", {{"teams", ba, ab}})}});
  }
  cases.push_back({"LeavesAnUnmanagedAttributeTheSourceDoesNotMention", {person("a@x.co", "A")},
                   {at_omni("1", person("a@x.co", "A", true, region_us))}, {}, {}, 1});
  cases.push_back({"ClearsAManagedAttributeTheSourceDoesNotMention", {person("a@x.co", "A")},
                   {at_omni("1", person("a@x.co", "A", true, {{"region", text("us")}, {"team", text("t")}}))},
                   managing({"region"}), {attribute_changed("1", "a@x.co", {{"region", text("us"), std::nullopt}})}});
  cases.push_back({"UpdateCarriesOnlyTheChangedFields",
                   {person("a@x.co", "A", true, {{"b", text("same")}, {"c", text("new")}})},
                   {at_omni("1", person("a@x.co", "A", true, {{"a", text("old")}, {"b", text("same")}, {"c", text("x")}}))},
                   managing({"a"}),
                   {attribute_changed("1", "a@x.co", {{"a", text("old"), std::nullopt}, {"c", text("x"), text("new")}})}});
  {
    Update all = reactivated("1", "a@x.co");
    all.display_name.emplace("Old", "New");
    all.attributes = {{"region", text("us"), text("eu")}};
    cases.push_back({"SeveralChangesMakeOneUpdate", {person("a@x.co", "New", true, {{"region", text("eu")}})},
                     {at_omni("1", person("a@x.co", "Old", false, region_us))}, {}, {all}});
  }

  // active: false in the source
  cases.push_back({"DeactivatesWhenTheSourceSaysInactive", {person("bob@x.co", "Bob", false)}, {at_omni("2", bob)}, {},
                   {Deactivate{"2", "bob@x.co", true}}});
  cases.push_back({"LeavesAnAlreadyInactiveUserAlone",   // even though displayName and attributes differ
                   {person("bob@x.co", "Robert", false, {{"region", text("eu")}})},
                   {at_omni("2", person("bob@x.co", "Bob", false, region_us))}, managing({"region"}), {}, 1});

  // Deprovisioning of users the source no longer lists
  cases.push_back({"DeletesUsersAbsentFromTheSource", {}, {at_omni("2", bob)}, deprovision(Deprovision::delete_user),
                   {Delete{"2", "bob@x.co"}}});
  cases.push_back({"DeactivatesUsersAbsentFromTheSource", {}, {at_omni("2", bob)},
                   deprovision(Deprovision::deactivate), {Deactivate{"2", "bob@x.co", false}}});
  cases.push_back({"DeactivateModeSkipsAlreadyInactiveUsers", {},
                   {at_omni("2", person("bob@x.co", "Bob", false))}, deprovision(Deprovision::deactivate), {}, 1});
  cases.push_back({"DeleteModeDeletesInactiveUsersToo", {}, {at_omni("2", person("bob@x.co", "Bob", false))},
                   deprovision(Deprovision::delete_user), {Delete{"2", "bob@x.co"}}});
  // A userName that is not an email was not made by a sync and matches no person: never removed as a leaver.
  cases.push_back({"LeavesARemoteUserWhoseUserNameIsNotAnEmailAlone", {},
                   {at_omni("2", person("service-robot", "Robot")), at_omni("3", bob)},
                   deprovision(Deprovision::delete_user), {Delete{"3", "bob@x.co"}}, 1});
  cases.push_back({"DeactivateModeLeavesANonEmailUserNameAlone", {},
                   {at_omni("2", person("service-robot", "Robot"))}, deprovision(Deprovision::deactivate), {}, 1});
  cases.push_back({"IgnoreModeLeavesThemAlone", {}, {at_omni("2", bob), at_omni("3", person("c@x.co", "C", false))},
                   deprovision(Deprovision::ignore), {}, 0});

  // Order (plan::apply_phase): deactivations the source asks for, creates, updates, then removals of the gone;
  // each by normalised userName (not by raw bytes, where 'Z' < 'a').
  cases.push_back({"OrdersByPhaseThenNormalisedUserName",
                   {person("zed@x.co", "Zed"), person("Adam@x.co", "Adam"), person("upd-b@x.co", "New"),
                    person("UPD-A@x.co", "New"), person("off-z@x.co", "Off", false), person("Off-a@x.co", "Off", false)},
                   {at_omni("9", person("gone-b@x.co", "G")), at_omni("1", person("upd-b@x.co", "Old")),
                    at_omni("2", person("upd-a@x.co", "Old")), at_omni("3", person("off-z@x.co", "Off")),
                    at_omni("8", person("Gone-A@x.co", "G")), at_omni("4", person("off-a@x.co", "Off"))},
                   {},
                   {Deactivate{"4", "off-a@x.co", true}, Deactivate{"3", "off-z@x.co", true},
                    Create{person("Adam@x.co", "Adam")}, Create{person("zed@x.co", "Zed")},
                    renamed("2", "upd-a@x.co", "Old", "New"), renamed("1", "upd-b@x.co", "Old", "New"),
                    Delete{"8", "Gone-A@x.co"}, Delete{"9", "gone-b@x.co"}}});
  // A leaver marked inactive is a decision and goes first; the gone are an inference and go after the additions.
  cases.push_back({"RevocationsFirstRemovalsOfTheGoneLast",
                   {person("b@x.co", "B", false), person("new@x.co", "New")},
                   {at_omni("1", person("c@x.co", "C")), at_omni("2", person("b@x.co", "B")),
                    at_omni("3", person("a@x.co", "A"))},
                   deprovision(Deprovision::deactivate),
                   {Deactivate{"2", "b@x.co", true}, Create{person("new@x.co", "New")}, Deactivate{"3", "a@x.co", false},
                    Deactivate{"1", "c@x.co", false}}});

  // Duplicates at Omni: which of them is the person is unknown, so none is touched (not even the absent ones).
  cases.push_back({"LeavesDuplicateRemoteUsersAloneAndReportsThem",
                   {person("dup@x.co", "Changed"), alice},
                   {at_omni("1", person("dup@x.co", "D")), at_omni("2", person("DUP@x.co ", "D")),
                    at_omni("3", person("twice@x.co", "T")), at_omni("4", person("Twice@x.co", "T")),
                    at_omni("5", person("twice@X.co", "T")), at_omni("6", alice)},
                   {}, {}, 1,
                   {{"dup@x.co", {"1", "2"}}, {"twice@x.co", {"3", "4", "5"}}}});
  cases.push_back({"ARepeatedDesiredUserNameIsPlannedOnce",
                   {alice, person("ALICE@x.co", "Alice 2"), bob, person("bob@x.co", "Robert")},
                   {at_omni("2", bob)}, {}, {Create{alice}}, 1});
  return cases;
}

void PrintTo(const PlannerCase& c, std::ostream* os) { *os << c.name; }

class PlannerTable : public ::testing::TestWithParam<PlannerCase> {};

TEST_P(PlannerTable, PlansTheExpectedOperations) {
  const PlannerCase& c = GetParam();
  const Plan plan = diff(c.desired, c.remote, c.policy);
  EXPECT_EQ(plan.operations, c.operations) << render_text(plan);
  EXPECT_EQ(plan.unchanged, c.unchanged);
  EXPECT_EQ(plan.duplicate_remote, c.duplicates);
  EXPECT_TRUE(plan.withheld.empty());
}

TEST(Planner, CountsInactivePeopleWhoAreNotAtOmniInsteadOfDroppingThemSilently) {
  const std::vector<model::User> desired = {person("a@x.co", "A", false), person("b@x.co", "B"),
                                            person("c@x.co", "C", false), person("d@x.co", "D", false),
                                            person("e@x.co", "E", false)};
  const std::vector<model::RemoteUser> remote = {at_omni("1", person("e@x.co", "E"))};
  for (const std::size_t parallel_from : {std::size_t{2}, std::size_t{1000}}) {  // two stretches, then one pass
    const Plan plan = diff(desired, remote, Policy{}, parallel_from);
    EXPECT_EQ(plan.inactive_absent, 3u) << "parallel_from " << parallel_from;
    EXPECT_EQ(plan.operations.size(), 2u);  // create b, deactivate e
    EXPECT_NE(render_text(plan).find("= 3 listed inactive in the source and not at Omni: nothing to create"),
              std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Planner, PlannerTable, ::testing::ValuesIn(planner_cases()),
                         [](const ::testing::TestParamInfo<PlannerCase>& info) { return info.param.name; });

}  // namespace
}  // namespace oss::plan
