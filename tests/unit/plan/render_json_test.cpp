#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <sstream>
#include <string>

#include "plan/planner.hpp"
#include "plan/render_json.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;
namespace json = boost::json;

TEST(RenderJson, SummaryOperationsAndWithheld) {
  Plan plan;
  plan.operations.emplace_back(plan::Create{person("alice@x.co", "Alice", true,
                                             {{"region", text("eu")}, {"seats", number(3)}, {"ratio", number(0.5)},
                                              {"teams", model::AttributeValue{model::AttributeList{std::string("a"), true}}}})});
  Update update;
  update.id = "id-b";
  update.user_name = "bob@x.co";
  update.display_name.emplace("Bob", "Robert");
  update.active = true;
  update.attributes = {{"level", std::nullopt, number(2)}, {"region", text("us"), std::nullopt}};
  plan.operations.emplace_back(update);
  plan.operations.emplace_back(Deactivate{"id-c", "c@x.co", true});
  plan.operations.emplace_back(Delete{"id-d", "d@x.co"});
  plan.withheld.push_back({Delete{"id-e", "e@x.co"}, WithheldKind::delete_threshold, "2 removals exceed"});
  plan.withheld.push_back({Delete{"id-f", "root@x.co"}, WithheldKind::protected_user, "matches protect"});
  plan.unchanged = 5;
  plan.inactive_absent = 2;

  const json::value document = json::parse(render_json(plan));
  EXPECT_EQ(document.at("summary"), json::parse(R"({"create": 1, "update": 1, "deactivate": 1, "delete": 1,
                                                     "unchanged": 5, "withheld": 1, "protected": 1,
                                                     "inactive_not_at_omni": 2})"));
  EXPECT_EQ(document.at("operations"), json::parse(R"([
    {"op": "create", "userName": "alice@x.co",
     "changes": {"displayName": "Alice", "active": true,
                 "attributes": {"ratio": 0.5, "region": "eu", "seats": 3, "teams": ["a", true]}}},
    {"op": "update", "userName": "bob@x.co", "id": "id-b",
     "changes": {"displayName": {"from": "Bob", "to": "Robert"}, "active": {"from": false, "to": true},
                 "attributes.level": {"from": null, "to": 2}, "attributes.region": {"from": "us", "to": null}}},
    {"op": "deactivate", "userName": "c@x.co", "id": "id-c", "changes": {"active": {"from": true, "to": false}},
     "fromSource": true},
    {"op": "delete", "userName": "d@x.co", "id": "id-d"}
  ])"));
  EXPECT_EQ(document.at("withheld"), json::parse(R"([{"op": "delete", "userName": "e@x.co", "id": "id-e",
                                                       "kind": "delete_threshold", "reason": "2 removals exceed"}])"));
  // A protected user is left alone on purpose: apart from what a guard withheld.
  EXPECT_EQ(document.at("protected"), json::parse(R"([{"op": "delete", "userName": "root@x.co", "id": "id-f",
                                                        "kind": "protected_user", "reason": "matches protect"}])"));
  EXPECT_FALSE(document.as_object().contains("duplicates"));
  EXPECT_TRUE(document.at("operations").at(0).as_object().contains("changes"));
  EXPECT_FALSE(document.at("operations").at(0).as_object().contains("id"));
}

TEST(RenderJson, WholeNumbersAreIntegersAndTextSurvivesExactly) {
  Plan plan;
  const std::string hostile = "Eve\n\"quoted\"\x1b";
  plan.operations.emplace_back(plan::Create{person("e@x.co", hostile, true, {{"n", number(-42)}, {"big", number(1e300)}})});
  const std::string text_form = render_json(plan);
  EXPECT_EQ(text_form.find('\n'), std::string::npos) << "one document on one line";
  const json::value document = json::parse(text_form);
  const auto& changes = document.at("operations").at(0).at("changes");
  EXPECT_EQ(changes.at("displayName").as_string(), hostile);
  EXPECT_TRUE(changes.at("attributes").at("n").is_int64());
  EXPECT_EQ(changes.at("attributes").at("n").as_int64(), -42);
  EXPECT_TRUE(changes.at("attributes").at("big").is_double());
}

TEST(RenderJson, EmptyPlanAndDuplicates) {
  Plan plan;
  plan.duplicate_remote = {{"dup@x.co", {"1", "2"}}};
  const json::value document = plan_to_json(plan);
  EXPECT_EQ(document.at("operations"), json::array());
  EXPECT_EQ(document.at("withheld"), json::array());
  EXPECT_EQ(document.at("summary").at("create"), 0);
  EXPECT_EQ(document.at("duplicates"), json::parse(R"([{"userName": "dup@x.co", "ids": ["1", "2"]}])"));
}

// Every kind of member and operation, with text that needs escaping.
Plan varied_plan() {
  using namespace std::chrono;
  const sys_days day{year{2026} / 12 / 1};
  Plan plan;
  plan.operations.emplace_back(Deactivate{"id-q", "quit@x.co", true});
  plan.operations.emplace_back(Create{person("a\"l\\ice@x.co", "Al\nice \u00e9\x01", true,
                                             {{"teams", model::AttributeValue{model::AttributeList{std::string("a"), 2.5, true}}},
                                              {"n", number(7)}})});
  Update update;
  update.id = "id-b";
  update.user_name = "bob@x.co";
  update.display_name.emplace("Bob", "Robert");
  update.active = true;
  update.back_in_source = true;
  update.attributes = {{"level", std::nullopt, number(2)}, {"region", text("us"), std::nullopt}};
  plan.operations.emplace_back(update);
  plan.operations.emplace_back(Deactivate{"id-c", "c@x.co", false, day + days(30)});
  plan.operations.emplace_back(Delete{"id-d", "d@x.co", day - days(30), 30});
  plan.operations.emplace_back(Delete{"id-e", "e@x.co"});
  plan.withheld.push_back({Delete{"id-f", "f@x.co"}, WithheldKind::delete_threshold, "too \"many\""});
  plan.withheld.push_back({Deactivate{"id-r", "root@x.co"}, WithheldKind::protected_user, "matches protect"});
  plan.unchanged = 5;
  plan.inactive_absent = 2;
  plan.duplicate_remote = {{"dup@x.co", {"1", "2"}}};
  plan.gone = {{"id-c", "c@x.co", day, day + days(30)}, {"id-g", "g@x.co", day - days(25), day + days(5)}};
  plan.upcoming_deletions = {plan.gone.back()};
  return plan;
}

// What the reconciler wrote before the document was streamed: the whole value, serialised.
std::string serialised_whole(const Plan& plan, const json::object& more) {
  json::value document = plan_to_json(plan);
  for (const auto& member : more) document.as_object()[member.key()] = member.value();
  return json::serialize(document);
}

std::string streamed(const Plan& plan, const json::object& more) {
  std::ostringstream out;
  write_plan_json(out, plan, more);
  return out.str();
}

TEST(WritePlanJson, StreamsExactlyTheWholeDocument) {
  const json::object more{{"groups", json::object{{"summary", json::object{{"create", 1}}}, {"operations", json::array{}}}},
                          {"result", json::object{{"applied", json::object{{"create", 3}}}, {"requests", 2}}}};
  const Plan plan = varied_plan();
  const std::string text = streamed(plan, more);
  EXPECT_EQ(text, serialised_whole(plan, more));
  // `more` comes after the plan's own members, in its order.
  const std::string plan_alone = serialised_whole(plan, {});
  EXPECT_EQ(text, plan_alone.substr(0, plan_alone.size() - 1) + R"(,"groups":{"summary":{"create":1},"operations":[]},)" +
                      R"("result":{"applied":{"create":3},"requests":2}})");
  EXPECT_EQ(render_json(plan), plan_alone);
  EXPECT_EQ(streamed(Plan{}, {}), serialised_whole(Plan{}, {}));
}

TEST(WritePlanJson, StreamsExactlyWhatThePlannerMade) {
  const RandomLists lists = random_lists(17, 400, 25);
  Policy policy;
  policy.deprovision = Deprovision::deactivate_then_delete;
  policy.manage_attributes = {"region"};
  GraceClock clock{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}, {}};
  for (std::size_t i = 0; i < lists.remote.size(); ++i)
    clock.first_missed[lists.remote[i].id] = clock.today - std::chrono::days(i % 40);
  const Plan plan = diff(lists.desired, lists.remote, policy, clock);
  ASSERT_FALSE(plan.operations.empty());
  ASSERT_FALSE(plan.duplicate_remote.empty());
  ASSERT_FALSE(plan.upcoming_deletions.empty());
  EXPECT_EQ(streamed(plan, {}), serialised_whole(plan, {}));
}

}  // namespace
}  // namespace oss::plan
