// Reviewed plans (issue 17), end to end: the built binary plans into a file, shows it and applies it against the
// fake Omni server over real TLS; what the server received is what the plan said, or nothing at all.
#include <gmock/gmock.h>

#include <csignal>
#include <regex>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>

#include "planfile/sha256.hpp"
#include "state/run_lock.hpp"
#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ReviewedPlan : public SyncTest {
 protected:
  RunResult run(std::vector<std::string> args, std::chrono::seconds timeout = std::chrono::seconds(120)) {
    support::ChildProcess process(options(std::move(args)));
    const auto status = process.wait(timeout);
    EXPECT_TRUE(status) << "did not finish";
    return support::collect(process, status);
  }

  // Omni holds bob (renamed in the source) and gone@ (left the source); the source adds alice.
  void set_up_a_change() {
    bob_id_ = server_.seed_user({"bob@x.co", "Bob"});
    gone_id_ = server_.seed_user({"gone@x.co", "Gone"});
    write_source({{"alice@x.co", "Alice", true, "eu"}, {"bob@x.co", "Robert", true, ""}});
    write_config("  max_delete_percent: 100\n");
  }

  // sync --dry-run --plan-out plan.json; returns its output.
  RunResult make_plan(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"sync", "--dry-run", "--plan-out", "plan.json"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult result = run(args);
    EXPECT_EQ(writes(), 0u) << "a dry run wrote";
    return result;
  }

  std::string plan_text() const { return support::read_file(dir_ / "plan.json"); }
  // plan.json edited by `edit`; with `rehash` its digest made to match the edit, as a forger would.
  void edit_plan(const std::function<void(std::string&)>& edit, bool rehash) {
    std::string text = plan_text();
    edit(text);
    if (rehash) {
      const std::size_t at = text.rfind(",\"sha256\":\"");
      text = text.substr(0, at) + ",\"sha256\":\"" + planfile::sha256_hex(text.substr(0, at)) + "\"}\n";
    }
    support::write_private_file(dir_ / "plan.json", text);
  }
  static std::string plan_sha256(const std::string& output) {
    std::smatch match;
    EXPECT_TRUE(std::regex_search(output, match, std::regex("sha256 ([0-9a-f]{64})"))) << output;
    return match.size() > 1 ? match[1].str() : std::string();
  }
  // The lines of a plan (+, ~, -, !), in order.
  static std::vector<std::string> plan_lines(const std::string& output) {
    std::vector<std::string> lines;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && std::string("+~-!").find(line[0]) != std::string::npos) lines.push_back(line);
    return lines;
  }
  std::vector<std::string> writes_in_order() const {
    std::vector<std::string> writes;
    for (const auto& request : server_.requests())
      if (request.method != "GET") writes.push_back(request.method + " " + request.path());
    return writes;
  }

  std::string bob_id_, gone_id_;
};

TEST_F(ReviewedPlan, PlanShowAndApplyRoundTripSendsExactlyThePlan) {
  set_up_a_change();
  const RunResult planned = make_plan();
  ASSERT_EQ(planned.code(), 0) << planned.err;
  EXPECT_THAT(planned.out, HasSubstr("Plan saved to plan.json (sha256 "));
  EXPECT_THAT(planned.out, HasSubstr("apply it with `omni-scim-sync apply plan.json`"));
  const std::string sha = plan_sha256(planned.out);
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "plan.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "a plan file names people";
  EXPECT_THAT(plan_text(), Not(HasSubstr(kOrgKey)));

  const RunResult shown = run({"show", "plan.json"});
  ASSERT_EQ(shown.code(), 0) << shown.err;
  EXPECT_EQ(plan_lines(shown.out), plan_lines(planned.out));
  EXPECT_THAT(shown.out, HasSubstr("Plan: 1 to create, 1 to update, 0 to deactivate, 1 to delete"));
  const RunResult shown_json = run({"show", "plan.json", "--output", "json"});
  ASSERT_EQ(shown_json.code(), 0) << shown_json.err;
  const boost::json::value document = boost::json::parse(shown_json.out);
  EXPECT_EQ(document.at("planFile").at("sha256").as_string(), sha);
  EXPECT_EQ(document.at("operations").as_array().size(), 3u);

  // The source changes after the review: apply sends the plan, not the source.
  write_source({{"zed@x.co", "Zed", true, ""}});
  const RunResult applied = run({"apply", "plan.json"});
  ASSERT_EQ(applied.code(), 0) << applied.out << applied.err;
  EXPECT_THAT(writes_in_order(), ::testing::ElementsAre("POST /api/scim/v2/users", "PATCH /api/scim/v2/users/" + bob_id_,
                                                        "DELETE /api/scim/v2/users/" + gone_id_));
  const auto state = server_state();
  EXPECT_TRUE(state.count("alice@x.co"));
  EXPECT_EQ(std::get<0>(state.at("bob@x.co")), "Robert");
  EXPECT_FALSE(state.count("gone@x.co"));
  EXPECT_FALSE(state.count("zed@x.co")) << "apply read the source";
  // Every audit line of this apply names the plan.
  const std::string audit = support::read_file(dir_ / "state" / "audit.log");
  std::istringstream lines(audit);
  int lines_with_plan = 0;
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(boost::json::parse(line).at("plan").as_string(), sha) << line;
    ++lines_with_plan;
  }
  EXPECT_EQ(lines_with_plan, 3);
}

// The README's table of plan file members (README "Reviewed plans") against a file the binary wrote: the same
// top-level members in the same order, and every member of an operation named in the section.
TEST_F(ReviewedPlan, TheReadmeDocumentsEveryMemberOfThePlanFile) {
  set_up_a_change();
  server_.seed_user({"keep@x.co", "Keep"});
  write_config("  max_delete_percent: 100\n  max_deletes: 1\n");   // gone@ and keep@: one removal too many
  ASSERT_EQ(make_plan().code(), 3);
  const std::string readme = support::read_file(std::filesystem::path(OSS_SOURCE_DIR) / "README.md");
  const std::size_t begin = readme.find("<!-- plan-file-schema");
  const std::size_t end = readme.find("<!-- /plan-file-schema -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string section = readme.substr(begin, end - begin);
  std::vector<std::string> documented;
  const std::regex row(R"(\n\| `(\w+)` \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) documented.push_back((*it)[1]);

  const boost::json::object file = boost::json::parse(plan_text()).as_object();
  std::vector<std::string> members;
  for (const auto& [key, value] : file) members.push_back(std::string(key));
  EXPECT_EQ(members, documented);
  std::set<std::string> in_operations;
  for (const char* list : {"operations", "withheld"})
    for (const auto& operation : file.at(list).as_array())
      for (const auto& [key, value] : operation.as_object()) in_operations.insert(std::string(key));
  EXPECT_GE(in_operations.size(), 6u);
  for (const std::string& key : in_operations) EXPECT_THAT(section, HasSubstr("`" + key + "`")) << "undocumented: " << key;
}

TEST_F(ReviewedPlan, AUserEditedAtOmniBetweenPlanAndApplyMakesThePlanStaleAndNothingIsSent) {
  set_up_a_change();
  ASSERT_EQ(make_plan().code(), 0);
  server_.rename_user_by_hand(bob_id_, "Bobby");
  server_.clear_requests();
  const RunResult applied = run({"apply", "plan.json"});
  EXPECT_EQ(applied.code(), 4) << applied.out << applied.err;
  EXPECT_EQ(writes(), 0u);
  EXPECT_THAT(applied.out, HasSubstr("! stale update bob@x.co: displayName: \"Bob\" when planned, \"Bobby\" now"));
  EXPECT_THAT(applied.err, HasSubstr("nothing was sent"));

  // --skip-stale sends the others and leaves bob as the admin made him.
  const RunResult skipped = run({"apply", "plan.json", "--skip-stale"});
  EXPECT_EQ(skipped.code(), 0) << skipped.out << skipped.err;
  EXPECT_THAT(skipped.out, HasSubstr("stale and skipped 1"));
  const auto state = server_state();
  EXPECT_TRUE(state.count("alice@x.co"));
  EXPECT_FALSE(state.count("gone@x.co"));
  EXPECT_EQ(std::get<0>(state.at("bob@x.co")), "Bobby");
}

TEST_F(ReviewedPlan, APlanOlderThanMaxAgeIsRefused) {
  set_up_a_change();
  ASSERT_EQ(make_plan().code(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  server_.clear_requests();
  const RunResult applied = run({"apply", "plan.json", "--max-age", "1s"});
  EXPECT_EQ(applied.code(), 4) << applied.err;
  EXPECT_THAT(applied.err, HasSubstr("more than --max-age"));
  EXPECT_EQ(server_.request_count("GET") + writes(), 0u) << "an expired plan needs no request";
}

TEST_F(ReviewedPlan, RemovalsInAReviewedPlanGoWithoutAllowDeletesAndWithheldOnesStayWithheld) {
  std::vector<std::string> leavers;
  for (const char* name : {"l1@x.co", "l2@x.co", "l3@x.co"}) leavers.push_back(server_.seed_user({name, name}));
  server_.seed_user({"stay@x.co", "Stay"});
  write_source({{"stay@x.co", "Stay", true, ""}});
  write_config("  max_delete_percent: 100\n  max_deletes: 1\n");
  // Without --allow-deletes the plan withholds them (exit 3) and apply sends nothing.
  const RunResult withheld = make_plan();
  EXPECT_EQ(withheld.code(), 3) << withheld.err;
  const RunResult nothing = run({"apply", "plan.json"});
  EXPECT_EQ(nothing.code(), 0) << nothing.err;
  EXPECT_EQ(writes(), 0u) << "a withheld removal was sent";

  ASSERT_EQ(make_plan({"--allow-deletes", "3"}).code(), 0);
  const RunResult applied = run({"apply", "plan.json"});
  ASSERT_EQ(applied.code(), 0) << applied.out << applied.err;
  std::set<std::string> deleted;
  for (const std::string& write : writes_in_order()) deleted.insert(write);
  EXPECT_EQ(deleted, (std::set<std::string>{"DELETE /api/scim/v2/users/" + leavers[0], "DELETE /api/scim/v2/users/" + leavers[1],
                                            "DELETE /api/scim/v2/users/" + leavers[2]}));
}

// Omni's users read at apply: one GET per touched user while that is fewer requests than listing everyone.
TEST_F(ReviewedPlan, ApplyReadsTheTouchedUsersWithWhicheverCostsFewerRequests) {
  std::vector<Person> people;
  for (int i = 0; i < 40; ++i) {
    const std::string name = "u" + std::to_string(100 + i) + "@x.co";
    server_.seed_user({name, "U"});
    people.push_back({name, "U", true, ""});
  }
  write_config("", "  page_size: 10\n");   // listing the 40 users costs 4 pages
  const auto user_gets = [this] {
    std::size_t by_id = 0, pages = 0;
    for (const auto& request : server_.requests()) {
      if (request.method != "GET" || !request.path().starts_with("/api/scim/v2/users")) continue;
      (request.path() == "/api/scim/v2/users" ? pages : by_id) += 1;
    }
    return std::make_pair(by_id, pages);
  };
  // Two renamed: two GETs by id.
  people[0].display_name = people[1].display_name = "Renamed";
  write_source(people);
  ASSERT_EQ(make_plan().code(), 0);
  server_.clear_requests();
  ASSERT_EQ(run({"apply", "plan.json"}).code(), 0);
  EXPECT_EQ(user_gets(), std::make_pair(std::size_t{2}, std::size_t{0}));
  // Twenty renamed: one list of four pages instead of twenty GETs.
  for (int i = 0; i < 20; ++i) people[static_cast<std::size_t>(i)].display_name = "Again";
  write_source(people);
  server_.clear_requests();
  ASSERT_EQ(make_plan().code(), 0);
  server_.clear_requests();
  const RunResult applied = run({"apply", "plan.json"});
  ASSERT_EQ(applied.code(), 0) << applied.err;
  EXPECT_THAT(applied.out, HasSubstr("users read with one full list"));
  EXPECT_EQ(user_gets(), std::make_pair(std::size_t{0}, std::size_t{4}));
}

struct Tamper {
  const char* name;
  std::function<void(std::string&)> edit;
  bool rehash;
  const char* message;
};

class TamperedPlan : public ReviewedPlan, public ::testing::WithParamInterface<Tamper> {};

TEST_P(TamperedPlan, IsRefusedWith65AndNoRequestButGets) {
  set_up_a_change();
  ASSERT_EQ(make_plan().code(), 0);
  edit_plan(GetParam().edit, GetParam().rehash);
  const RunResult applied = run({"apply", "plan.json"});
  EXPECT_EQ(applied.code(), 65) << applied.out << applied.err;
  EXPECT_THAT(applied.err, HasSubstr(GetParam().message));
  EXPECT_EQ(writes(), 0u);
  EXPECT_EQ(server_.user_count(), 2u);
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TamperedPlan,
    ::testing::Values(
        Tamper{"ByteFlipped", [](std::string& t) { t[t.find("Robert")] = 'r'; }, false, "was changed after it was written"},
        Tamper{"OperationEdited", [](std::string& t) { replace(t, "\"op\":\"delete\"", "\"op\":\"deactivate\""); }, false,
               "was changed after it was written"},
        Tamper{"OperationAdded",
               [](std::string& t) {
                 replace(t, "\"operations\":[", "\"operations\":[{\"op\":\"delete\",\"userName\":\"x@x.co\",\"id\":\"x\","
                                                "\"planned\":null},");
               },
               false, "was changed after it was written"},
        Tamper{"OtherInstance", [](std::string& t) { replace(t, "\"instance\":\"https://127.0.0.1", "\"instance\":\"https://127.0.0.2"); },
               true, "made for the instance https://127.0.0.2"},
        Tamper{"OtherKeyOwner", [](std::string& t) { replace(t, "\"keyOwner\":\"", "\"keyOwner\":\"someone-else-"); }, true,
               "made with the key of Omni user someone-else-"},
        Tamper{"FutureSchema", [](std::string& t) { replace(t, "\"omniScimSyncPlan\":1", "\"omniScimSyncPlan\":2"); }, true,
               "plan schema 2 by a later omni-scim-sync"}),
    [](const ::testing::TestParamInfo<Tamper>& info) { return std::string(info.param.name); });

TEST_F(ReviewedPlan, KilledMidwayThenAppliedAgainCompletesWithoutDuplicates) {
  std::vector<Person> people;
  for (int i = 0; i < 120; ++i) people.push_back({"p" + std::to_string(i) + "@x.co", "P" + std::to_string(i), true, "eu"});
  write_source(people);
  requests_per_minute_ = 600;   // ten a second: the apply takes about 12 s
  write_config();
  ASSERT_EQ(make_plan().code(), 0);
  {
    support::ChildProcess apply(options({"apply", "plan.json"}));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (server_.user_count() < 25 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_GE(server_.user_count(), 25u);
    // Meanwhile the run lock holds against a sync.
    const RunResult concurrent = sync();
    EXPECT_EQ(concurrent.code(), 1);
    EXPECT_THAT(concurrent.err, HasSubstr("another run holds"));
    apply.send_signal(SIGKILL);
    ASSERT_TRUE(apply.wait(std::chrono::seconds(10)));
  }
  const std::size_t before = server_.user_count();
  ASSERT_LT(before, 120u) << "the apply finished before it was killed";
  const RunResult again = run({"apply", "plan.json"});
  ASSERT_EQ(again.code(), 0) << again.out << again.err;
  EXPECT_THAT(again.out, HasSubstr("already done " + std::to_string(before)));
  EXPECT_EQ(server_.user_count(), 120u);
  std::set<std::string> names;
  for (const auto& stored : server_.users()) names.insert(fake_omni::to_remote_user(stored).user.user_name);
  EXPECT_EQ(names.size(), 120u);
}

TEST_F(ReviewedPlan, ApplyWaitsForNoOneWhileAnotherRunHoldsTheLock) {
  set_up_a_change();
  ASSERT_EQ(make_plan().code(), 0);
  state::RunLock held(dir_ / "state", "sync");
  const RunResult applied = run({"apply", "plan.json"});
  EXPECT_EQ(applied.code(), 1);
  EXPECT_THAT(applied.err, HasSubstr("another run holds"));
  EXPECT_EQ(writes(), 0u);
}

}  // namespace
}  // namespace oss::testing
