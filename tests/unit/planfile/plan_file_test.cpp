// The plan file written and read back: every kind of operation survives the round trip, and a file that was
// edited, cut short, of a later schema or out of order is refused with the place named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "planfile/group_record.hpp"
#include "planfile/plan_file_reader.hpp"
#include "planfile/plan_file_writer.hpp"
#include "planfile/sha256.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::planfile {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

model::User user(std::string name, std::string display) {
  model::User u;
  u.user_name = std::move(name);
  u.display_name = std::move(display);
  return u;
}

// What `read` was refused with, or "accepted".
std::string rejection(const std::function<void()>& read) {
  try {
    read();
  } catch (const PlanFileRejected& error) {
    return error.what();
  }
  return "accepted";
}

class PlanFileTest : public ::testing::Test {
 protected:
  PlanFileTest() {
    model::User carol = user("carol@x.co", "Carol");
    carol.attributes.set("region", std::string("eu"));
    carol.attributes.set("level", 3.0);
    carol.attributes.set("ratio", 0.25);
    carol.attributes.set("admin", true);
    carol.attributes.set("teams", model::AttributeList{std::string("a"), 2.0, false});
    remote_.push_back({"id-bob", user("bob@x.co", "Bob")});
    remote_.back().user.attributes.set("region", std::string("us"));
    remote_.push_back({"id-dan", user("dan@x.co", "Dan")});
    remote_.push_back({"id-eve", user("eve@x.co", "Eve")});
    remote_.push_back({"id-fay", user("fay@x.co", "Fay")});

    plan_.operations.push_back(plan::Deactivate{"id-dan", "dan@x.co", true});
    plan_.operations.push_back(plan::Create{carol});
    plan::Update update{"id-bob", "bob@x.co", std::make_pair(std::string("Bob"), std::string("Robert")), std::nullopt,
                        {{"region", model::AttributeValue(std::string("us")), std::nullopt},
                         {"level", std::nullopt, model::AttributeValue(7.0)}}};
    plan_.operations.push_back(update);
    plan_.operations.push_back(plan::Deactivate{"id-eve", "eve@x.co", false, sys_days(2026y / 12 / 31)});
    plan_.operations.push_back(plan::Delete{"id-fay", "fay@x.co", sys_days(2026y / 11 / 1), 30});
    plan_.withheld.push_back({plan::Delete{"id-gus", "gus@x.co"}, plan::WithheldKind::delete_threshold, "too many"});
    plan_.withheld.push_back({plan::Delete{"id-own", "own@x.co"}, plan::WithheldKind::own_user, "the key's own user"});
    plan_.unchanged = 4;
    plan_.inactive_absent = 2;
    plan_.duplicate_remote.push_back({"dup@x.co", {"id-1", "id-2"}});
    plan_.gone.push_back({"id-eve", "eve@x.co", sys_days(2026y / 12 / 1), sys_days(2026y / 12 / 31)});
    plan_.upcoming_deletions.push_back({"id-hal", "hal@x.co", sys_days(2026y / 11 / 5), sys_days(2026y / 12 / 5)});

    origin_.instance = "https://acme.omniapp.co";
    origin_.key_owner = "owner-1";
    origin_.made_unix = 1796500000;
    origin_.made_by = "omni-scim-sync test";
    origin_.policy.deprovision = plan::Deprovision::deactivate_then_delete;
    origin_.policy.delete_after_days = 30;
    origin_.policy.manage_attributes = {"region"};
    origin_.guards.max_deletes = 5;
    origin_.guards.max_delete_percent = 12.5;
    origin_.guards.protect = {"admin@*"};
    origin_.guards.allow_deletes = 9;
    origin_.remote_users = 4;
  }

  std::string write() {
    return write_plan_file(
        file_, origin_, plan_, groups_ ? &*groups_ : nullptr,
        [this](const std::string& id) -> const model::RemoteUser* {
          for (const auto& r : remote_)
            if (r.id == id) return &r;
          return nullptr;
        },
        [this](const std::string& id) -> const model::RemoteGroup* {
          for (const auto& g : remote_groups_)
            if (g.id == id) return &g;
          return nullptr;
        });
  }

  std::string content() const { return support::read_file(file_); }
  // The file with `edit` applied and, when `rehash`, its digest made to match again.
  std::string edited(const std::function<void(std::string&)>& edit, bool rehash) const {
    std::string text = content();
    edit(text);
    if (rehash) {
      const std::size_t at = text.rfind(",\"sha256\":\"");
      text = text.substr(0, at) + ",\"sha256\":\"" + sha256_hex(text.substr(0, at)) + "\"}\n";
    }
    return text;
  }

  support::TempDir dir_{"oss-planfile"};
  std::filesystem::path file_ = dir_ / "plan.json";
  plan::Plan plan_;
  PlanOrigin origin_;
  std::vector<model::RemoteUser> remote_;
  std::optional<plan::GroupPlan> groups_;
  std::vector<model::RemoteGroup> remote_groups_;
};

TEST_F(PlanFileTest, EveryOperationWithheldAndFactSurvivesTheRoundTrip) {
  const std::string sha = write();
  const PlanFile read = read_plan_file(file_);
  EXPECT_EQ(read.sha256, sha);
  EXPECT_EQ(read.plan.operations, plan_.operations);
  ASSERT_EQ(read.plan.withheld.size(), 2u);
  EXPECT_EQ(read.plan.withheld[0].operation, plan_.withheld[0].operation);
  EXPECT_EQ(read.plan.withheld[0].kind, plan::WithheldKind::delete_threshold);
  EXPECT_EQ(read.plan.withheld[1].kind, plan::WithheldKind::own_user);
  EXPECT_EQ(read.plan.withheld[1].reason, "the key's own user");
  EXPECT_EQ(read.plan.unchanged, 4u);
  EXPECT_EQ(read.plan.inactive_absent, 2u);
  EXPECT_EQ(read.plan.duplicate_remote, plan_.duplicate_remote);
  EXPECT_EQ(read.plan.gone, plan_.gone);
  EXPECT_EQ(read.plan.upcoming_deletions, plan_.upcoming_deletions);
  EXPECT_EQ(read.origin.instance, origin_.instance);
  EXPECT_EQ(read.origin.key_owner, "owner-1");
  EXPECT_EQ(read.origin.made_unix, origin_.made_unix);
  EXPECT_EQ(read.origin.policy.deprovision, plan::Deprovision::deactivate_then_delete);
  EXPECT_EQ(read.origin.policy.manage_attributes, origin_.policy.manage_attributes);
  EXPECT_EQ(read.origin.guards.max_deletes, 5u);
  EXPECT_DOUBLE_EQ(read.origin.guards.max_delete_percent, 12.5);
  EXPECT_EQ(read.origin.guards.protect, origin_.guards.protect);
  EXPECT_EQ(read.origin.guards.allow_deletes, std::optional<std::size_t>(9));
  // The records planned against: none for the create, Omni's for the others.
  ASSERT_EQ(read.planned.size(), 5u);
  EXPECT_FALSE(read.planned[1]);
  ASSERT_TRUE(read.planned[2]);
  EXPECT_EQ(read.planned[2]->at("displayName"), "Bob");
  EXPECT_EQ(read.planned[2]->at("attributes").at("region"), "us");
}

TEST_F(PlanFileTest, TheGroupPartSurvivesTheRoundTripWithMemberIdsAndPlannedGroups) {
  remote_groups_ = {{"g-eng", "Eng", {"id-bob", "id-dan"}}, {"g-old", "Old", {"id-eve"}}};
  groups_.emplace();
  groups_->operations.push_back(plan::CreateGroup{"Sales", {{"carol@x.co", ""}, {"bob@x.co", "id-bob"}}});
  groups_->operations.push_back(
      plan::UpdateGroup{"g-eng", "Eng", std::string("Engineering"), {{"carol@x.co", ""}}, {{"dan@x.co", "id-dan"}}});
  groups_->operations.push_back(plan::DeleteGroup{"g-old", "Old", 1});
  groups_->withheld.push_back({plan::DeleteGroup{"g-x", "X", 3}, plan::WithheldKind::delete_threshold, "too many"});
  groups_->unchanged = 2;
  groups_->unmanaged = 5;
  groups_->unplaced = {"Eng: zed@x.co"};
  write();
  const PlanFile read = read_plan_file(file_);
  ASSERT_TRUE(read.groups);
  EXPECT_EQ(read.groups->operations, groups_->operations);
  ASSERT_EQ(read.groups->withheld.size(), 1u);
  EXPECT_EQ(read.groups->withheld[0].operation, groups_->withheld[0].operation);
  EXPECT_EQ(read.groups->unchanged, 2u);
  EXPECT_EQ(read.groups->unmanaged, 5u);
  EXPECT_EQ(read.groups->unplaced, groups_->unplaced);
  ASSERT_EQ(read.groups_planned.size(), 3u);
  EXPECT_FALSE(read.groups_planned[0]);
  ASSERT_TRUE(read.groups_planned[1]);
  EXPECT_EQ(*read.groups_planned[1], group_state(remote_groups_[0]));
}

TEST_F(PlanFileTest, TheFileIsPrivateAndEndsWithTheDigestOfWhatPrecedesIt) {
  const std::string sha = write();
  struct stat info {};
  ASSERT_EQ(::stat(file_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string text = content();
  const std::string tail = ",\"sha256\":\"" + sha + "\"}\n";
  ASSERT_TRUE(text.ends_with(tail));
  EXPECT_EQ(sha256_hex(text.substr(0, text.size() - tail.size())), sha);
}

TEST_F(PlanFileTest, AByteFlippedAnywhereIsRefused) {
  write();
  const std::string original = content();
  // Every 97th byte before the digest, flipped in its lowest bit.
  const std::size_t hashed = original.rfind(",\"sha256\":\"");
  for (std::size_t at = 0; at < hashed; at += 97) {
    std::string text = original;
    text[at] = static_cast<char>(text[at] ^ 1);
    EXPECT_THROW(parse_plan_file(text, "plan.json"), PlanFileRejected) << "byte " << at;
  }
}

TEST_F(PlanFileTest, AnEditedOperationNamesTheDigestThatNoLongerMatches) {
  write();
  const std::string text = edited([](std::string& t) { t.replace(t.find("Robert"), 6, "Roberta"); }, false);
  EXPECT_THAT(rejection([&] { parse_plan_file(text, "plan.json"); }), HasSubstr("plan.json: was changed after it was written"));
}

TEST_F(PlanFileTest, ALaterSchemaIsRefusedByNameEvenWithAMatchingDigest) {
  write();
  const std::string text = edited([](std::string& t) { t.replace(t.find("\"omniScimSyncPlan\":1"), 20, "\"omniScimSyncPlan\":2"); }, true);
  EXPECT_THAT(rejection([&] { parse_plan_file(text, "plan.json"); }), HasSubstr("plan schema 2 by a later omni-scim-sync"));
}

TEST_F(PlanFileTest, ACutShortFileOrAnotherJsonDocumentIsNotAPlan) {
  write();
  const std::string text = content();
  EXPECT_THAT(rejection([&] { parse_plan_file(text.substr(0, text.size() / 2), "plan.json"); }),
              HasSubstr("plan.json: not a plan file: not JSON at line 1, byte "));
  EXPECT_THAT(rejection([&] { parse_plan_file("{\n\"omniScimSyncPlan\": 1,\n  oops\n}", "plan.json"); }),
              HasSubstr("not JSON at line 3, byte 28"));
  EXPECT_THROW(parse_plan_file(text.substr(0, text.size() - 2) + "}", "plan.json"), PlanFileRejected);
  EXPECT_THAT(rejection([&] { parse_plan_file("{\"operations\":[]}", "other.json"); }), HasSubstr("other.json: not an omni-scim-sync plan file"));
}

TEST_F(PlanFileTest, AWrongFieldIsNamedByItsPlaceEvenWhenTheDigestWasRecomputed) {
  write();
  const std::string text = edited([](std::string& t) { t.replace(t.find("\"fromSource\":true"), 17, "\"fromSource\":1"); }, true);
  EXPECT_THAT(rejection([&] { parse_plan_file(text, "plan.json"); }), HasSubstr("plan.json: operations[0].fromSource: expected true or false"));
}

TEST_F(PlanFileTest, OperationsOutOfApplyOrderAreRefused) {
  // A removal moved in front of the revocation: the file was not written by a planner.
  std::swap(plan_.operations.front(), plan_.operations.back());
  write();
  EXPECT_THAT(rejection([&] { read_plan_file(file_); }), HasSubstr("operations[1]: out of the order"));
}

TEST_F(PlanFileTest, AFileOthersMayWriteIsRefused) {
  write();
  ASSERT_EQ(::chmod(file_.c_str(), 0666), 0);
  EXPECT_THROW(read_plan_file(file_), PlanFileRejected);
  EXPECT_THROW(read_plan_file(dir_ / "missing.json"), PlanFileRejected);
}

}  // namespace
}  // namespace oss::planfile
