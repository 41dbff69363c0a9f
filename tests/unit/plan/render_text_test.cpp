#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "plan/plan_counts.hpp"
#include "plan/render_text.hpp"
#include "plan_test_support.hpp"

namespace oss::plan {
namespace {

using namespace oss::plan::testing;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Plan sample_plan() {
  Plan plan;
  plan.operations.emplace_back(plan::Create{person("alice@x.co", "Alice", true, {{"region", text("eu")}})});
  Update update;
  update.id = "id-b";
  update.user_name = "bob@x.co";
  update.display_name.emplace("Bob", "Robert");
  update.attributes = {{"region", text("us"), text("eu")}};
  plan.operations.emplace_back(update);
  plan.operations.emplace_back(Deactivate{"id-c", "c@x.co"});
  plan.operations.emplace_back(Delete{"id-d", "d@x.co"});
  plan.withheld.push_back({Delete{"id-e", "e@x.co"}, WithheldKind::delete_threshold, "too many"});
  plan.unchanged = 5;
  return plan;
}

TEST(RenderText, OneLinePerOperationThenWithheldThenSummary) {
  EXPECT_EQ(lines_of(render_text(sample_plan())),
            (std::vector<std::string>{
                R"(+ create alice@x.co (displayName "Alice", active, region="eu"))",
                R"(~ update bob@x.co: displayName: "Bob" -> "Robert"; attributes.region: "us" -> "eu")",
                "- deactivate c@x.co",
                "- delete d@x.co (id id-d)",
                "! withheld delete e@x.co: too many",
                "Plan: 1 to create, 1 to update, 1 to deactivate, 1 to delete, 5 unchanged, 1 withheld.",
            }));
}

TEST(RenderText, EmptyPlanIsJustTheSummary) {
  Plan plan;
  plan.unchanged = 7;
  EXPECT_EQ(render_text(plan), "Plan: 0 to create, 0 to update, 0 to deactivate, 0 to delete, 7 unchanged, 0 withheld.\n");
}

TEST(RenderText, ShowsEachKindOfChange) {
  struct Case {
    Operation operation;
    std::string line;
  };
  Update reactivate;
  reactivate.id = "1";
  reactivate.user_name = "r@x.co";
  reactivate.active = true;
  reactivate.attributes = {{"level", std::nullopt, number(2)},
                           {"old", text("x"), std::nullopt},
                           {"teams", model::AttributeValue{model::AttributeList{std::string("a"), 1.5, true}}, text("1")}};
  Update returning;
  returning.id = "2";
  returning.user_name = "back@x.co";
  returning.active = true;
  returning.back_in_source = true;
  const auto day = [](int y, unsigned m, unsigned d) {
    return std::chrono::sys_days(std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)});
  };
  const std::vector<Case> cases = {
      {reactivate, R"(~ reactivate r@x.co (active in the source): attributes.level: (unset) -> 2; )"
                   R"(attributes.old: "x" -> (cleared); attributes.teams: ["a", 1.5, true] -> "1")"},
      {returning, "~ reactivate back@x.co (back in the source)"},
      {Deactivate{"1", "s@x.co", true, {}}, "- deactivate s@x.co (inactive in the source)"},
      {Deactivate{"2", "g@x.co", false, day(2027, 1, 3)},
       "- deactivate g@x.co (gone from the source; deleted on 2027-01-03 unless they return)"},
      {Delete{"3", "d@x.co", day(2026, 12, 4), 30}, "- delete d@x.co (gone since 2026-12-04, 30 days; id 3)"},
      {Delete{"4", "e@x.co", {}, 0}, "- delete e@x.co (id 4)"},
      {plan::Create{person("n@x.co", "N", true, {{"a", model::AttributeValue{false}}, {"b", number(3)}})},
       R"(+ create n@x.co (displayName "N", active, a=false, b=3))"},
  };
  for (const Case& c : cases) EXPECT_EQ(operation_line(c.operation), c.line);
}

TEST(RenderText, HostileTextCannotForgeLines) {
  Plan plan;
  plan.operations.emplace_back(Create{person("evil@x.co", "Eve\n- delete ceo@x.co (id 1)\x1b[2K\"\\",
                                             true, {{"note", text("a\r\nb")}})});
  Update update;
  update.id = "1";
  update.user_name = "m@x.co\n+ create x";
  update.display_name.emplace("Old\t", "New\x7f");
  plan.operations.emplace_back(update);
  plan.withheld.push_back({Delete{"2", "w@x.co\nPlan: 0 to create"}, WithheldKind::delete_threshold, "reason\nforged"});
  const auto lines = lines_of(render_text(plan));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], R"(+ create evil@x.co (displayName "Eve\n- delete ceo@x.co (id 1)\x1b[2K\"\\", active, )"
                      R"(note="a\r\nb"))");
  EXPECT_EQ(lines[1], R"(~ update m@x.co\n+ create x: displayName: "Old\t" -> "New\x7f")");
  EXPECT_EQ(lines[2], R"(! withheld delete w@x.co\nPlan: 0 to create: reason\nforged)");
  EXPECT_EQ(lines[3].rfind("Plan: ", 0), 0u);
}

// C1 controls (U+009B acts as ESC '[') and bidi overrides (U+202E reverses what follows) are not shown raw either.
TEST(RenderText, C1AndBidiControlsAreEscapedToo) {
  Plan plan;
  Update update;
  update.id = "1";
  update.user_name = "m@x.co";
  update.display_name.emplace("Ada\xC2\x9B" "2J\xE2\x80\xAE" "evil", "Ada \xC3\xA9");
  plan.operations.emplace_back(update);
  const auto lines = lines_of(render_text(plan));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], R"(~ update m@x.co: displayName: "Ada\u{9b}2J\u{202e}evil" -> "Ada )" "\xC3\xA9\"");
}

TEST(RenderText, ProtectedUsersAreOneLineApartFromWhatAGuardWithheld) {
  Plan plan;
  plan.withheld.push_back({Deactivate{"1", "it-admin@x.co", false}, WithheldKind::protected_user, "matches protect"});
  plan.withheld.push_back({Delete{"2", "root@x.co"}, WithheldKind::protected_user, "matches protect"});
  plan.withheld.push_back({Delete{"3", "gone@x.co"}, WithheldKind::delete_threshold, "too many"});
  const auto lines = lines_of(render_text(plan));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "! withheld delete gone@x.co: too many");
  EXPECT_EQ(lines[1], "= 2 protected users left alone (sync.protect)");
  EXPECT_EQ(lines[2], "Plan: 0 to create, 0 to update, 0 to deactivate, 0 to delete, 0 unchanged, 1 withheld.");
  EXPECT_EQ(count(plan).protected_users, 2u);
}

TEST(RenderText, ReportsDuplicateRemoteUsers) {
  Plan plan;
  plan.duplicate_remote = {{"dup@x.co", {"1", "2"}}};
  EXPECT_EQ(lines_of(render_text(plan)).front(),
            "! duplicate userName at Omni: dup@x.co (ids 1, 2): left untouched; remove the extra users at Omni");
}

TEST(PlanCounts, CountsEachKind) {
  const PlanCounts counts = count(sample_plan());
  EXPECT_EQ(counts, (PlanCounts{1, 1, 1, 1, 5, 1}));
  Plan plan;
  plan.operations.emplace_back(Delete{"1", "a"});
  plan.operations.emplace_back(Delete{"2", "b"});
  plan.operations.emplace_back(Deactivate{"3", "c"});
  EXPECT_EQ(count(plan), (PlanCounts{0, 0, 1, 2, 0, 0}));
}

TEST(PlanAccessors, NameUserIdAndRemoval) {
  const Plan plan = sample_plan();
  const std::vector<std::string> names = {"create", "update", "deactivate", "delete"};
  const std::vector<std::string> ids = {"", "id-b", "id-c", "id-d"};
  const std::vector<std::string> users = {"alice@x.co", "bob@x.co", "c@x.co", "d@x.co"};
  const std::vector<bool> removes = {false, false, true, true};
  for (std::size_t i = 0; i < plan.operations.size(); ++i) {
    EXPECT_EQ(op_name(plan.operations[i]), names[i]);
    EXPECT_EQ(op_id(plan.operations[i]), ids[i]);
    EXPECT_EQ(op_user_name(plan.operations[i]), users[i]);
    EXPECT_EQ(removes_access(plan.operations[i]), removes[i]);
  }
  EXPECT_STREQ(withheld_kind_name(WithheldKind::source_health), "source_health");
}

}  // namespace
}  // namespace oss::plan
