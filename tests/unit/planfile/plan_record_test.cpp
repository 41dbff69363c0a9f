// What Omni's record at apply time means for a reviewed operation: as planned (send it), already in the end
// state (done: a run killed midway), or changed (stale, with each difference named).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "planfile/plan_record.hpp"

namespace oss::planfile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

model::User bob(const std::string& display = "Bob", bool active = true, const std::string& region = "us") {
  model::User u;
  u.user_name = "bob@x.co";
  u.display_name = display;
  u.active = active;
  if (!region.empty()) u.attributes.set("region", region);
  return u;
}

const plan::Update kRename{"id-bob", "bob@x.co", std::make_pair(std::string("Bob"), std::string("Robert")), std::nullopt,
                           {{"region", model::AttributeValue(std::string("us")), std::nullopt}}};

TEST(JudgeRecord, AnUpdateIsReadyAsPlannedDoneInItsEndStateAndStaleOtherwise) {
  const auto planned = record_state(bob());
  EXPECT_EQ(judge_record(planned, kRename, record_state(bob())).verdict, RecordVerdict::ready);
  EXPECT_EQ(judge_record(planned, kRename, record_state(bob("Robert", true, ""))).verdict, RecordVerdict::done);
  const Judgement changed = judge_record(planned, kRename, record_state(bob("Bobby")));
  EXPECT_EQ(changed.verdict, RecordVerdict::stale);
  EXPECT_THAT(changed.differences, ElementsAre("displayName: \"Bob\" when planned, \"Bobby\" now"));
  // Half done by hand (renamed, region kept) is neither: stale.
  EXPECT_EQ(judge_record(planned, kRename, record_state(bob("Robert"))).verdict, RecordVerdict::stale);
  const Judgement gone = judge_record(planned, kRename, std::nullopt);
  EXPECT_EQ(gone.verdict, RecordVerdict::stale);
  EXPECT_THAT(gone.differences, ElementsAre(HasSubstr("deleted at Omni")));
}

TEST(JudgeRecord, AnAttributeAddedByHandMakesTheRecordStaleAndIsNamed) {
  model::User now = bob();
  now.attributes.set("level", 4.0);
  const Judgement judgement = judge_record(record_state(bob()), kRename, record_state(now));
  EXPECT_EQ(judgement.verdict, RecordVerdict::stale);
  EXPECT_THAT(judgement.differences, ElementsAre("attributes.level: (unset) when planned, 4 now"));
}

TEST(JudgeRecord, ADeactivationAndADelete) {
  const auto planned = record_state(bob());
  const plan::Deactivate deactivate{"id-bob", "bob@x.co"};
  EXPECT_EQ(judge_record(planned, deactivate, record_state(bob())).verdict, RecordVerdict::ready);
  EXPECT_EQ(judge_record(planned, deactivate, record_state(bob("Bob", false))).verdict, RecordVerdict::done);
  EXPECT_EQ(judge_record(planned, deactivate, std::nullopt).verdict, RecordVerdict::stale);
  const plan::Delete remove{"id-bob", "bob@x.co"};
  EXPECT_EQ(judge_record(planned, remove, record_state(bob())).verdict, RecordVerdict::ready);
  EXPECT_EQ(judge_record(planned, remove, std::nullopt).verdict, RecordVerdict::done);
  EXPECT_EQ(judge_record(planned, remove, record_state(bob("Bob", false))).verdict, RecordVerdict::stale);
}

TEST(JudgeRecord, ACreateIsDoneOnlyWhenOmniHoldsExactlyWhatItWouldHaveCreated) {
  const plan::Create create{bob()};
  EXPECT_EQ(judge_record(std::nullopt, create, std::nullopt).verdict, RecordVerdict::ready);
  model::User same = bob();
  same.user_name = "Bob@X.co";   // userNames compare as the planner matches them
  EXPECT_EQ(judge_record(std::nullopt, create, record_state(same)).verdict, RecordVerdict::done);
  const Judgement other = judge_record(std::nullopt, create, record_state(bob("Someone else")));
  EXPECT_EQ(other.verdict, RecordVerdict::stale);
  EXPECT_THAT(other.differences, ElementsAre(HasSubstr("exists at Omni now"),
                                             "displayName: \"Bob\" planned, \"Someone else\" now"));
}

TEST(JudgeRecord, TheSameNumberReadAsIntegerOrDoubleIsTheSameValue) {
  model::User planned = bob();
  planned.attributes.set("level", 3.0);
  const auto a = record_state(planned);
  EXPECT_TRUE(same_record(a, record_state(planned)));
  model::User other = planned;
  other.attributes.set("level", 3.5);
  EXPECT_FALSE(same_record(a, record_state(other)));
}

}  // namespace
}  // namespace oss::planfile
