// `omni-scim-sync sync` with sync.groups on, end to end: the built binary against the fake Omni server.
#include <gmock/gmock.h>

#include <algorithm>
#include <boost/json/parse.hpp>

#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

struct Member {
  std::string user_name;
  std::string groups;   // the CSV field: names separated by ';'
};

class GroupSync : public SyncTest {
 protected:
  void write_members(const std::vector<Member>& people) {
    std::string csv = "email,name,teams\n";
    for (const auto& p : people) csv += p.user_name + "," + p.user_name.substr(0, p.user_name.find('@')) + ",\"" + p.groups + "\"\n";
    support::write_file(dir_ / "users.csv", csv);
  }

  // sync.groups lines (indented under groups:, none: no groups section) and a source mapping the HR export's columns.
  void write_group_config(const std::string& groups, const std::string& sync_extra = "  max_delete_percent: 100\n") {
    write_config(sync_extra + (groups.empty() ? std::string() : "  groups:\n" + groups));
    std::string config = support::read_file(dir_ / "config.yaml");
    const std::string source = "  path: users.csv\n";
    config.replace(config.find(source), source.size(),
                   source + "  columns: {userName: email, displayName: name, groups: teams}\n");
    support::write_file(dir_ / "config.yaml", config);
  }

  std::string seed(const std::string& user_name) { return server_.seed_user({user_name, user_name.substr(0, user_name.find('@'))}); }

  std::optional<fake_omni::StoredGroup> group(const std::string& name) const {
    for (const auto& stored : server_.groups())
      if (stored.display_name == name) return stored;
    return std::nullopt;
  }

  std::vector<std::string> member_names(const std::string& group_name) const {
    std::vector<std::string> names;
    const auto stored = group(group_name);
    if (!stored) return names;
    for (const auto& user : server_.users())
      if (std::find(stored->member_ids.begin(), stored->member_ids.end(), user.id) != stored->member_ids.end())
        names.push_back(user.user_name);
    return names;
  }

  std::size_t group_calls(const std::string& method) const {
    std::size_t n = 0;
    for (const auto& request : server_.requests())
      if (request.method == method && request.path().starts_with("/api/scim/v2/groups")) ++n;
    return n;
  }
};

TEST_F(GroupSync, GroupsAreOffByDefaultAndCostNoCall) {
  write_members({{"ada@example.com", "Eng"}});
  write_group_config("");
  const auto run = sync();
  EXPECT_EQ(run.code(), 0) << run.err;
  EXPECT_EQ(group_calls("GET") + group_calls("POST") + group_calls("PATCH"), 0u);
  EXPECT_THAT(run.out, Not(HasSubstr("Groups:")));
}

TEST_F(GroupSync, MembersAreAddedAndRemovedInOnePatchAndASecondRunIsANoOp) {
  const std::string ada = seed("ada@example.com");
  seed("bob@example.com");
  const std::string eve = seed("eve@example.com");
  server_.seed_group("Eng", {ada, eve});
  write_members({{"ada@example.com", "Eng"}, {"bob@example.com", "Eng"}, {"eve@example.com", ""},
                 {"new@example.com", "Eng; Sales"}});
  write_group_config("    enabled: true\n");
  const auto first = sync();
  ASSERT_EQ(first.code(), 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("~ update group \"Eng\": add 2 (bob@example.com, new@example.com); remove 1 (eve@example.com)"));
  EXPECT_THAT(first.out, HasSubstr("+ create group \"Sales\" (1 members: new@example.com)"));
  EXPECT_THAT(first.out, HasSubstr("Groups: 1 to create, 1 to update, 0 to delete, 0 unchanged, 0 unmanaged, 0 withheld."));
  EXPECT_THAT(member_names("Eng"), UnorderedElementsAreArray({"ada@example.com", "bob@example.com", "new@example.com"}));
  EXPECT_THAT(member_names("Sales"), UnorderedElementsAreArray({"new@example.com"}));
  EXPECT_EQ(group_calls("PATCH"), 1u);
  EXPECT_EQ(group_calls("POST"), 1u);
  EXPECT_THAT(support::read_file(dir_ / "state" / "audit.log"), HasSubstr("\"group\":\"Eng\""));

  server_.clear_requests();
  const auto second = sync();
  EXPECT_EQ(second.code(), 0) << second.err;
  EXPECT_EQ(writes(), 0u);
  EXPECT_THAT(second.out, HasSubstr("Groups: 0 to create, 0 to update, 0 to delete, 2 unchanged"));
  // whoami + one page of users + one page of groups.
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(GroupSync, ARenameInTheSourceRenamesTheGroupAndKeepsItsId) {
  const std::string ada = seed("ada@example.com");
  const std::string bob = seed("bob@example.com");
  const std::string id = server_.seed_group("Eng", {ada, bob});
  write_members({{"ada@example.com", "Engineering"}, {"bob@example.com", "Engineering"}});
  write_group_config("    enabled: true\n    deprovision_groups: delete\n    renames: {Eng: Engineering}\n");
  const auto run = sync();
  ASSERT_EQ(run.code(), 0) << run.err << run.out;
  EXPECT_THAT(run.out, HasSubstr("~ update group \"Eng\": rename -> \"Engineering\""));
  ASSERT_EQ(server_.groups().size(), 1u);
  EXPECT_EQ(server_.groups()[0].id, id);
  EXPECT_EQ(server_.groups()[0].display_name, "Engineering");
  EXPECT_EQ(group_calls("PATCH"), 1u);
  EXPECT_EQ(group_calls("DELETE") + group_calls("POST"), 0u);
}

TEST_F(GroupSync, UnmanagedGroupsAreNeverTouched) {
  const std::string ada = seed("ada@example.com");
  const std::string bob = seed("bob@example.com");
  const std::string all_users = server_.seed_group("All Users", {ada, bob});
  server_.seed_group("scim-Old", {bob});
  write_members({{"ada@example.com", "Eng"}, {"bob@example.com", ""}});
  write_group_config("    enabled: true\n    prefix: scim-\n    deprovision_groups: delete\n");
  const auto run = sync();
  ASSERT_EQ(run.code(), 0) << run.err << run.out;
  EXPECT_THAT(run.out, HasSubstr("+ create group \"scim-Eng\""));
  EXPECT_THAT(run.out, HasSubstr("- delete group \"scim-Old\""));
  EXPECT_THAT(run.out, HasSubstr("1 unmanaged"));
  EXPECT_THAT(member_names("All Users"), UnorderedElementsAreArray({"ada@example.com", "bob@example.com"}));
  EXPECT_FALSE(group("scim-Old"));
  for (const auto& request : server_.requests())
    EXPECT_THAT(request.target, Not(HasSubstr(all_users))) << request.method << " " << request.target;
}

TEST_F(GroupSync, AThousandMembersGoInBatchesOf100) {
  std::vector<Member> people;
  for (int i = 0; i < 1000; ++i) people.push_back({"p" + std::to_string(i) + "@example.com", "Big"});
  write_members(people);
  write_group_config("    enabled: true\n");
  const auto first = sync();
  ASSERT_EQ(first.code(), 0) << first.err;
  EXPECT_EQ(member_names("Big").size(), 1000u);
  EXPECT_EQ(group_calls("POST"), 1u);    // the group with its first 100 members (all created in this run)
  EXPECT_EQ(group_calls("PATCH"), 9u);   // the other 900, 100 per call
  EXPECT_THAT(first.out, HasSubstr("+ create group \"Big\" (1000 members: "));

  // Everyone leaves the group at once: removals are batched the same way.
  for (auto& person : people) person.groups = "";
  people[0].groups = "Big";
  write_members(people);
  server_.clear_requests();
  const auto second = sync();
  ASSERT_EQ(second.code(), 0) << second.err;
  EXPECT_EQ(member_names("Big").size(), 1u);
  EXPECT_EQ(group_calls("PATCH"), 10u);   // 999 removals
}

TEST_F(GroupSync, ADryRunSendsOnlyGets) {
  const std::string ada = seed("ada@example.com");
  server_.seed_group("Eng", {ada});
  server_.seed_group("Old", {ada});
  write_members({{"ada@example.com", "Sales"}, {"new@example.com", "Eng"}});
  write_group_config("    enabled: true\n    deprovision_groups: delete\n");
  const auto run = sync({"--dry-run", "--output", "json"});
  EXPECT_EQ(run.code(), 0) << run.err;
  for (const auto& request : server_.requests()) EXPECT_EQ(request.method, "GET") << request.target;
  EXPECT_EQ(group_calls("GET"), 1u);
  const auto document = boost::json::parse(run.out).as_object();
  const auto& groups = document.at("groups").as_object();
  EXPECT_EQ(groups.at("summary").at("create").to_number<std::int64_t>(), 1);
  EXPECT_EQ(groups.at("summary").at("update").to_number<std::int64_t>(), 1);
  EXPECT_EQ(groups.at("summary").at("delete").to_number<std::int64_t>(), 1);
  EXPECT_EQ(server_.groups().size(), 2u);
}

TEST_F(GroupSync, TooManyGroupDeletesAreWithheldAndExit3) {
  const std::string ada = seed("ada@example.com");
  for (int i = 0; i < 3; ++i) server_.seed_group("Old" + std::to_string(i), {ada});
  write_members({{"ada@example.com", "Eng"}});
  write_group_config("    enabled: true\n    deprovision_groups: delete\n", "  max_deletes: 2\n");
  const auto run = sync();
  EXPECT_EQ(run.code(), 3) << run.err << run.out;
  EXPECT_THAT(run.out, HasSubstr("! withheld - delete group \"Old0\""));
  EXPECT_TRUE(group("Eng"));          // additions still go ahead
  EXPECT_EQ(server_.groups().size(), 4u);
  EXPECT_EQ(group_calls("DELETE"), 0u);
}

// Incremental runs with groups: the cache holds the groups too, so an unchanged source sends nothing at all, a
// moved person costs only the group calls that move them, and the cached groups match Omni's afterwards.
TEST_F(GroupSync, IncrementalRunsKeepTheGroupsOfTheChangedPeopleRightFromTheCache) {
  std::vector<Member> people;
  for (int i = 0; i < 150; ++i)
    people.push_back({"p" + std::to_string(i) + "@example.com", i % 2 ? "Eng" : "Sales"});
  write_members(people);
  write_group_config("    enabled: true\n");
  const auto first = sync({"--incremental"});
  ASSERT_EQ(first.code(), 0) << first.err;
  ASSERT_EQ(member_names("Eng").size(), 75u);

  server_.clear_requests();
  const auto unchanged = sync({"--incremental"});
  EXPECT_EQ(unchanged.code(), 0) << unchanged.err;
  EXPECT_THAT(unchanged.err, HasSubstr("incremental cycle"));
  EXPECT_EQ(scim_requests(), 0u) << "no user list, no group list";

  people[0].groups = "Eng;Ops";   // p0 moves from Sales to Eng and a new group Ops
  people.push_back({"newcomer@example.com", "Ops"});
  write_members(people);
  server_.clear_requests();
  const auto moved = sync({"--incremental"});
  EXPECT_EQ(moved.code(), 0) << moved.err;
  EXPECT_THAT(moved.err, HasSubstr("incremental cycle"));
  EXPECT_EQ(group_calls("GET"), 0u);
  EXPECT_EQ(server_.request_count("POST"), 2u) << "the newcomer and the group Ops";
  EXPECT_EQ(group_calls("PATCH"), 2u) << "Eng gains p0, Sales loses p0";
  EXPECT_THAT(member_names("Ops"), UnorderedElementsAreArray({"p0@example.com", "newcomer@example.com"}));
  EXPECT_THAT(member_names("Sales"), ::testing::Not(::testing::Contains("p0@example.com")));

  // What the cache learnt is what Omni holds: another run sends nothing, and a full one finds nothing to do.
  server_.clear_requests();
  EXPECT_EQ(sync({"--incremental"}).code(), 0);
  EXPECT_EQ(scim_requests(), 0u);
  const auto full = sync();
  EXPECT_EQ(full.code(), 0) << full.err;
  EXPECT_THAT(full.out, HasSubstr("Plan: 0 to create, 0 to update, 0 to deactivate, 0 to delete"));
  EXPECT_THAT(full.out, HasSubstr("Groups: 0 to create, 0 to update"));
}

}  // namespace
}  // namespace oss::testing

namespace oss::testing {
namespace {

// Reviewed plans (issue 17) with groups: `apply FILE` sends the group operations of the plan too, after its users,
// and judges each group against Omni as it judges users.
class ReviewedGroupPlan : public GroupSync {
 protected:
  RunResult run(std::vector<std::string> args) {
    support::ChildProcess process(options(std::move(args)));
    const auto status = process.wait(std::chrono::seconds(120));
    EXPECT_TRUE(status) << "did not finish";
    return support::collect(process, status);
  }
  std::size_t writes_since(std::size_t before) const { return writes() - before; }
};

TEST_F(ReviewedGroupPlan, GroupOperationsAreAppliedAndAppliedAgainAreAllDone) {
  const std::string ada = seed("ada@example.com");
  seed("bob@example.com");
  server_.seed_group("Eng", {ada});
  write_members({{"ada@example.com", "Eng"}, {"bob@example.com", "Eng"}, {"new@example.com", "Eng; Sales"}});
  write_group_config("    enabled: true\n");
  const RunResult planned = run({"sync", "--dry-run", "--plan-out", "plan.json"});
  ASSERT_EQ(planned.code(), 0) << planned.err;
  EXPECT_EQ(writes(), 0u);
  const RunResult shown = run({"show", "plan.json"});
  EXPECT_THAT(shown.out, HasSubstr("+ create group \"Sales\""));
  EXPECT_THAT(shown.out, HasSubstr("~ update group \"Eng\": add 2"));

  const RunResult applied = run({"apply", "plan.json"});
  ASSERT_EQ(applied.code(), 0) << applied.out << applied.err;
  EXPECT_THAT(member_names("Eng"), UnorderedElementsAreArray({"ada@example.com", "bob@example.com", "new@example.com"}));
  EXPECT_THAT(member_names("Sales"), UnorderedElementsAreArray({"new@example.com"}));

  // Everything is in its end state now, the created user's id found at Omni for the groups that name him.
  const std::size_t before = writes();
  const RunResult again = run({"apply", "plan.json"});
  ASSERT_EQ(again.code(), 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 ready, 3 already done, 0 changed"));
  EXPECT_EQ(writes_since(before), 0u);
}

TEST_F(ReviewedGroupPlan, AGroupChangedAtOmniAfterThePlanMakesItStale) {
  const std::string ada = seed("ada@example.com");
  seed("bob@example.com");
  server_.seed_group("Eng", {ada});
  write_members({{"ada@example.com", "Eng"}, {"bob@example.com", "Eng"}});
  write_group_config("    enabled: true\n");
  ASSERT_EQ(run({"sync", "--dry-run", "--plan-out", "plan.json"}).code(), 0);
  // Meanwhile another run takes ada out of Eng (and puts bob in).
  write_members({{"ada@example.com", ""}, {"bob@example.com", "Eng"}});
  ASSERT_EQ(sync().code(), 0);
  const std::size_t before = writes();
  const RunResult applied = run({"apply", "plan.json"});
  EXPECT_EQ(applied.code(), 4) << applied.out << applied.err;
  EXPECT_THAT(applied.out, HasSubstr("! stale update_group \"Eng\": members added at Omni since the plan: "));
  EXPECT_THAT(applied.out, HasSubstr("members removed at Omni since the plan: " + ada));
  EXPECT_EQ(writes_since(before), 0u);
}

}  // namespace
}  // namespace oss::testing
