// `omni-scim-sync sync` end to end: the built binary against the fake Omni server over real TLS.
#include <csignal>
#include <fstream>
#include <gmock/gmock.h>
#include <sstream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>

#include "state/run_lock.hpp"
#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<Person> staff(int count, const std::string& region = "eu") {
  std::vector<Person> people;
  for (int i = 0; i < count; ++i)
    people.push_back({"person" + std::to_string(i) + "@example.com", "Person " + std::to_string(i), true, region});
  return people;
}

class SyncEndToEnd : public SyncTest {
 protected:
  // Omni before the run: two people the source describes differently, one who left.
  void seed_remote() {
    server_.seed_user({"person0@example.com", "Old Name", true, {{"region", "eu"}}});
    server_.seed_user({"PERSON1@example.com", "Person 1", true, {{"region", "us"}}});
    server_.seed_user({"leaver@example.com", "Leaver", true, {}});
  }

  void expect_converged(const std::vector<Person>& source) {
    const auto state = server_state();
    for (const auto& p : source) {
      if (!p.active) continue;
      // Omni keeps its own spelling of a userName that matched case-insensitively.
      auto it = std::find_if(state.begin(), state.end(), [&](const auto& entry) {
        return strcasecmp(entry.first.c_str(), p.user_name.c_str()) == 0;
      });
      ASSERT_NE(it, state.end()) << p.user_name << " missing at Omni";
      EXPECT_EQ(std::get<0>(it->second), p.display_name);
      EXPECT_TRUE(std::get<1>(it->second));
      EXPECT_EQ(std::get<2>(it->second), p.region);
    }
  }
};

TEST_F(SyncEndToEnd, DryRunSendsOnlyGetsAndPrintsThePlan) {
  seed_remote();
  write_source(staff(4));
  write_config("  max_delete_percent: 100\n");
  const auto before = server_state();
  const auto run = sync({"--dry-run"});
  EXPECT_EQ(run.code(), 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("+ create person2@example.com"));
  EXPECT_THAT(run.out, HasSubstr("~ update person0@example.com: displayName: \"Old Name\" -> \"Person 0\""));
  EXPECT_THAT(run.out, HasSubstr("- delete leaver@example.com"));
  EXPECT_THAT(run.out, HasSubstr("Plan: 2 to create, 2 to update, 0 to deactivate, 1 to delete"));
  for (const auto& request : server_.requests()) EXPECT_EQ(request.method, "GET") << request.target;
  EXPECT_EQ(server_state(), before);
}

TEST_F(SyncEndToEnd, DryRunWithDetailedExitcodeSaysChangesArePending) {
  write_source(staff(1));
  write_config();
  EXPECT_EQ(sync({"--dry-run", "--detailed-exitcode"}).code(), 2);
}

TEST_F(SyncEndToEnd, ApplyConvergesAndASecondRunSendsNoWrites) {
  seed_remote();
  const auto source = staff(30);
  write_source(source);
  write_config("  max_delete_percent: 100\n");
  const auto first = sync();
  EXPECT_EQ(first.code(), 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("Applied 31 (create 28, delete 1, update 2), failed 0"));
  expect_converged(source);
  EXPECT_FALSE(server_.find_user("leaver@example.com"));
  EXPECT_EQ(server_.user_count(), 30u);

  // The audit log has one JSON line per write, and never the key.
  const std::string audit = support::read_file(dir_ / "state" / "audit.log");
  std::istringstream lines(audit);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count)
    EXPECT_NO_THROW(boost::json::parse(line)) << line;
  EXPECT_EQ(count, 31u);
  EXPECT_THAT(audit, Not(HasSubstr(kOrgKey)));

  server_.clear_requests();
  const auto second = sync();
  EXPECT_EQ(second.code(), 0) << second.err;
  EXPECT_EQ(writes(), 0u);
  EXPECT_THAT(second.out, HasSubstr("Plan: 0 to create, 0 to update, 0 to deactivate, 0 to delete, 30 unchanged"));
  // whoami + one page: the no-op costs ceil(R / page) + 1 requests.
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(SyncEndToEnd, JsonOutputIsOneDocumentWithThePlanAndTheResult) {
  seed_remote();
  write_source(staff(3));
  write_config("  max_delete_percent: 100\n");
  const auto run = sync({"--output", "json"});
  EXPECT_EQ(run.code(), 0) << run.err;
  const auto document = boost::json::parse(run.out).as_object();
  EXPECT_EQ(document.at("summary").at("create").as_int64(), 1);
  EXPECT_EQ(document.at("summary").at("update").as_int64(), 2);
  EXPECT_EQ(document.at("summary").at("delete").as_int64(), 1);
  EXPECT_EQ(document.at("operations").as_array().size(), 4u);
  EXPECT_EQ(document.at("result").at("applied").at("create").as_int64(), 1);
}

TEST_F(SyncEndToEnd, DeprovisionDeleteRemovesLeavers) {
  seed_remote();
  write_source(staff(2));
  write_config("  deprovision: delete\n  max_delete_percent: 100\n");
  EXPECT_EQ(sync().code(), 0);
  EXPECT_FALSE(server_.find_user("leaver@example.com"));
}

TEST_F(SyncEndToEnd, DeprovisionDeactivateKeepsLeaversInactive) {
  seed_remote();
  write_source(staff(2));
  write_config("  deprovision: deactivate\n  max_delete_percent: 100\n");
  EXPECT_EQ(sync().code(), 0);
  ASSERT_TRUE(server_.find_user("leaver@example.com"));
  EXPECT_FALSE(server_.find_user("leaver@example.com")->active);
  server_.clear_requests();
  EXPECT_EQ(sync().code(), 0);
  EXPECT_EQ(writes(), 0u);  // an inactive leaver is not deactivated again
}

TEST_F(SyncEndToEnd, DeprovisionIgnoreLeavesLeaversAlone) {
  seed_remote();
  write_source(staff(2));
  write_config("  deprovision: ignore\n");
  EXPECT_EQ(sync().code(), 0);
  ASSERT_TRUE(server_.find_user("leaver@example.com"));
  EXPECT_TRUE(server_.find_user("leaver@example.com")->active);
}

TEST_F(SyncEndToEnd, ASourceSayingInactiveDeactivatesThePerson) {
  seed_remote();
  auto source = staff(2);
  source[1].active = false;
  write_source(source);
  write_config("  deprovision: ignore\n  max_delete_percent: 100\n");  // a deactivation counts as a removal
  EXPECT_EQ(sync().code(), 0);
  EXPECT_FALSE(server_.find_user("person1@example.com")->active);
}

TEST_F(SyncEndToEnd, AGuardTripExits3WithCreatesAndUpdatesStillApplied) {
  for (int i = 0; i < 10; ++i) server_.seed_user({"old" + std::to_string(i) + "@example.com", "Old"});
  write_source(staff(5));  // 10 of 10 remote users would go: far over 10 %
  write_config();
  const auto run = sync();
  EXPECT_EQ(run.code(), 3) << run.err;
  EXPECT_THAT(run.out, HasSubstr("! withheld delete old0@example.com"));
  // The closing hint names the limit that fired (10 of 10 is over the 10 % and over nothing else).
  EXPECT_THAT(run.err, HasSubstr("10 removals of 10 remote users exceed sync.max_delete_percent=10%; raise "
                                 "sync.max_delete_percent or run once with --allow-deletes 10"));
  EXPECT_EQ(server_.user_count(), 15u);  // 5 created, none deleted
  EXPECT_EQ(server_.request_count("DELETE"), 0u);

  // Confirmed for one run:
  const auto confirmed = sync({"--allow-deletes", "10"});
  EXPECT_EQ(confirmed.code(), 0) << confirmed.err;
  EXPECT_EQ(server_.user_count(), 5u);
}

TEST_F(SyncEndToEnd, AnEmptySourceDeletesNobody) {
  seed_remote();
  write_source({});
  write_config("  max_delete_percent: 100\n  max_deletes: 1000\n");
  const auto run = sync();
  EXPECT_EQ(run.code(), 3) << run.err;
  EXPECT_EQ(server_.user_count(), 3u);
  EXPECT_EQ(writes(), 0u);
  // What fixes this is the source, not a higher limit: the hint says so, and --allow-deletes does not override it.
  EXPECT_THAT(run.err, HasSubstr("fix the source"));
  EXPECT_THAT(run.err, Not(HasSubstr("raise sync.max_deletes")));
  EXPECT_EQ(sync({"--allow-deletes", "3"}).code(), 3);
  EXPECT_EQ(server_.user_count(), 3u);
}

TEST_F(SyncEndToEnd, ABrokenSourceExits1AndSendsNothing) {
  seed_remote();
  support::write_file(dir_ / "users.csv",
                      "userName,displayName,active\nok@example.com,OK,true\nnot-an-email,Broken,true\n");
  write_config("  max_delete_percent: 100\n");
  const auto run = sync();
  EXPECT_EQ(run.code(), 1);
  EXPECT_THAT(run.err, HasSubstr("users.csv:3"));
  EXPECT_THAT(run.err, HasSubstr("userName"));
  EXPECT_EQ(writes(), 0u);
  EXPECT_EQ(server_.user_count(), 3u);
}

TEST_F(SyncEndToEnd, APersonalAccessTokenExits78WithoutAnyScimCall) {
  seed_remote();
  write_source(staff(3));
  write_config();
  const auto run = sync({}, kPat);
  EXPECT_EQ(run.code(), 78);
  EXPECT_THAT(run.err, HasSubstr("organization API key"));
  EXPECT_THAT(run.err, Not(HasSubstr(kPat)));
  EXPECT_EQ(scim_requests(), 0u);
}

TEST_F(SyncEndToEnd, AKeyOmniDoesNotKnowExits78SayingSoNotAskingForAnotherKindOfKey) {
  seed_remote();
  write_source(staff(3));
  write_config();
  const std::string mistyped = std::string(kOrgKey) + "x";
  const auto run = sync({}, mistyped);
  EXPECT_EQ(run.code(), 78);
  // A 401 is a key Omni does not know (a typo, revoked, another instance's): the PAT advice would mislead.
  EXPECT_THAT(run.err, HasSubstr("Omni did not recognise the API key (401)"));
  EXPECT_THAT(run.err, HasSubstr("typo"));
  EXPECT_THAT(run.err, Not(HasSubstr("organization API key is required")));
  EXPECT_THAT(run.err, Not(HasSubstr(mistyped)));
  EXPECT_EQ(scim_requests(), 0u);
}

TEST_F(SyncEndToEnd, ARunHoldingTheLockMakesTheSecondExit1) {
  write_source(staff(3));
  write_config();
  state::RunLock held(dir_ / "state", "sync (the test)");
  const auto run = sync();
  EXPECT_EQ(run.code(), 1);
  EXPECT_THAT(run.err, HasSubstr("another run holds"));
  EXPECT_THAT(run.err, HasSubstr("sync (the test)"));
  EXPECT_EQ(server_.requests().size(), 0u);
}

TEST_F(SyncEndToEnd, WithJsonLogsEveryStderrLineIsJsonTheLastErrorAndTheGuardHintToo) {
  // Once logging is set up, stderr is one kind of line: here JSON, for a log shipper that parses every line.
  const auto all_json = [](const std::string& err) {
    std::istringstream lines(err);
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
      boost::system::error_code error;
      const auto value = boost::json::parse(line, error);
      EXPECT_FALSE(error) << "not JSON: " << line;
      if (!error) {
        EXPECT_TRUE(value.is_object() && value.as_object().contains("level")) << line;
      }
    }
    return count;
  };
  write_source(staff(3));
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");
  const std::string text_logs = "logging:\n  level: info\n";
  config.replace(config.find(text_logs), text_logs.size(), text_logs + "  format: json\n");
  support::write_file(dir_ / "config.yaml", config);
  {
    state::RunLock held(dir_ / "state", "sync (the test)");
    const auto locked = sync();
    EXPECT_EQ(locked.code(), 1);
    EXPECT_THAT(locked.err, HasSubstr("another run holds"));
    EXPECT_GE(all_json(locked.err), 1u);
  }
  for (int i = 0; i < 10; ++i) server_.seed_user({"old" + std::to_string(i) + "@example.com", "Old"});
  const auto withheld = sync();
  EXPECT_EQ(withheld.code(), 3) << withheld.err;
  EXPECT_THAT(withheld.err, HasSubstr("Removals were withheld: "));
  EXPECT_GE(all_json(withheld.err), 1u);
}

TEST_F(SyncEndToEnd, TheServerGoneIsAClearErrorAndExit1) {
  write_source(staff(3));
  // A loopback port nobody listens on: connections are refused at once.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto closed_port = probe.local_endpoint().port();
  probe.close();
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");
  const auto url = server_.base_url();
  config.replace(config.find(url), url.size(), "https://127.0.0.1:" + std::to_string(closed_port));
  config.replace(config.find("max_retries: 3"), 14, "max_retries: 1");
  support::write_file(dir_ / "config.yaml", config);
  const auto run = sync();
  EXPECT_EQ(run.code(), 1);
  EXPECT_THAT(run.err, HasSubstr("cannot connect to 127.0.0.1:" + std::to_string(closed_port)));
  EXPECT_THAT(run.err, HasSubstr("refused"));
}

TEST_F(SyncEndToEnd, SigtermMidApplyExits143AndARerunConverges) {
  const auto source = staff(150);
  write_source(source);
  requests_per_minute_ = 1200;  // 20 a second: 150 creates take ~7 s
  write_config();
  support::ChildProcess process(options({"sync"}));
  // Wait until some users exist, then stop it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (server_.user_count() < 10 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  process.send_signal(SIGTERM);
  const auto status = process.wait(std::chrono::seconds(15));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 143) << process.stderr_text();
  EXPECT_THAT(process.stdout_text(), HasSubstr("not started"));
  const auto created = server_.user_count();
  EXPECT_GT(created, 0u);
  EXPECT_LT(created, 150u);

  requests_per_minute_ = 60000;
  write_config();
  const auto rerun = sync();
  EXPECT_EQ(rerun.code(), 0) << rerun.err;
  EXPECT_EQ(server_.user_count(), 150u);  // converged, nobody created twice
  expect_converged(source);
}

}  // namespace
}  // namespace oss::testing
