// deprovision: deactivate_then_delete end to end: the built binary against the fake Omni server, the grace clock in
// a real state folder. The day-by-day arithmetic is in tests/unit/plan/grace_planner_test.cpp (injected clock);
// here: what a process reads and writes, and that a returning person keeps their id.
#include <sys/stat.h>

#include <gmock/gmock.h>

#include <chrono>

#include "model/utc_time.hpp"
#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using std::chrono::days;

class GraceSync : public SyncTest {
 protected:
  void SetUp() override {
    ada_id_ = server_.seed_user({"ada@example.com", "Ada"});
    bob_id_ = server_.seed_user({"bob@example.com", "Bob"});
    write_config("  deprovision: deactivate_then_delete\n  delete_after_days: 30\n  max_delete_percent: 100\n");
  }
  std::filesystem::path clock_file() const { return dir_ / "state" / "grace-clock.json"; }
  static std::string day_text(int offset) { return model::format_day(model::utc_today() + days(offset)); }
  // A clock that has bob gone since `offset` days from today.
  void write_clock(int offset) {
    std::filesystem::create_directories(dir_ / "state");
    ::chmod((dir_ / "state").c_str(), 0700);
    support::write_private_file(clock_file(),
                                R"({"format":"omni-scim-sync grace clock","version":1,"gone":[{"id":")" + bob_id_ +
                                    R"(","userName":"bob@example.com","firstMissed":")" + day_text(offset) + "\"}]}\n");
  }

  std::string ada_id_;
  std::string bob_id_;
};

TEST_F(GraceSync, AMissingPersonIsDeactivatedAndComesBackWithTheSameId) {
  write_source({{"ada@example.com", "Ada", true, ""}});
  const auto gone = sync();
  ASSERT_EQ(gone.code(), 0) << gone.err;
  EXPECT_THAT(gone.out, HasSubstr("- deactivate bob@example.com (gone from the source; deleted on " + day_text(30) +
                                  " unless they return)"));
  EXPECT_EQ(server_.request_count("DELETE"), 0u);
  EXPECT_FALSE(std::get<1>(server_state().at("bob@example.com")));
  EXPECT_THAT(support::read_file(clock_file()), HasSubstr("\"firstMissed\":\"" + day_text(0) + "\""));

  server_.clear_requests();
  write_source({{"ada@example.com", "Ada", true, ""}, {"bob@example.com", "Bob", true, ""}});
  const auto back = sync();
  ASSERT_EQ(back.code(), 0) << back.err;
  EXPECT_THAT(back.out, HasSubstr("~ reactivate bob@example.com (back in the source)"));
  EXPECT_EQ(server_.request_count("POST"), 0u) << "nothing is recreated";
  EXPECT_EQ(server_.request_count("PATCH"), 1u);
  bool found = false;
  for (const auto& stored : server_.users()) {
    const auto user = fake_omni::to_remote_user(stored);
    if (user.user.user_name != "bob@example.com") continue;
    found = true;
    EXPECT_EQ(user.id, bob_id_);
    EXPECT_TRUE(user.user.active);
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(support::read_file(clock_file()), Not(HasSubstr("bob@example.com")));
}

TEST_F(GraceSync, ADryRunShowsTheDeletionsOfTheComingWeekAndTheDueOnesButSendsNothing) {
  write_source({{"ada@example.com", "Ada", true, ""}});
  ASSERT_EQ(sync().code(), 0);   // bob deactivated today
  write_clock(-25);
  server_.clear_requests();
  const auto soon = sync({"--dry-run"});
  EXPECT_EQ(soon.code(), 0) << soon.err;
  EXPECT_THAT(soon.out, HasSubstr("= upcoming: bob@example.com deleted on " + day_text(5) + " unless they return (gone since " +
                                  day_text(-25) + ")"));
  write_clock(-30);
  const auto due = sync({"--dry-run", "--output", "json"});
  EXPECT_THAT(due.out, HasSubstr(R"("op":"delete","userName":"bob@example.com","id":")" + bob_id_ +
                                 R"(","goneSince":")" + day_text(-30) + R"(","graceDays":30)"));
  EXPECT_EQ(writes(), 0u);

  const auto applied = sync();
  EXPECT_EQ(applied.code(), 0) << applied.err;
  EXPECT_THAT(applied.out, HasSubstr("- delete bob@example.com (gone since " + day_text(-30) + ", 30 days; id " + bob_id_));
  EXPECT_EQ(server_.request_count("DELETE"), 1u);
  EXPECT_FALSE(server_state().contains("bob@example.com"));
  EXPECT_TRUE(server_state().contains("ada@example.com"));
}

TEST_F(GraceSync, AClockFileThatCannotBeTrustedRestartsTheGracePeriodAndSaysSo) {
  write_source({{"ada@example.com", "Ada", true, ""}});
  write_clock(-400);
  support::write_private_file(clock_file(), "{\"format\": \"omni-scim-sync grace clock\", \"version\": 1, \"gone\": [");
  const auto result = sync();
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("the grace clock cannot be trusted"));
  EXPECT_THAT(result.err, HasSubstr("nobody gone from the source is deleted before " + day_text(30)));
  EXPECT_EQ(server_.request_count("DELETE"), 0u);
  EXPECT_THAT(support::read_file(clock_file()), HasSubstr("\"firstMissed\":\"" + day_text(0) + "\""));
}

}  // namespace
}  // namespace oss::testing
