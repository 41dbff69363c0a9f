// SIGKILL at seeded random points during apply, then rerun: the end state always converges, nobody is created
// twice, and the audit log never has a torn line. A failure prints the seed and the kill point to replay it.
#include <csignal>
#include <gmock/gmock.h>
#include <random>
#include <sstream>

#include <boost/json/parse.hpp>

#include "fault_harness.hpp"

namespace oss::testing {
namespace {

constexpr std::uint64_t kSeed = 20261128;
constexpr int kKills = 24;

class CrashConvergence : public FaultTest {
 protected:
  // A plan far bigger than two dozen kills can use up even on a fast machine (each kill point lets a few more
  // writes through while the signal is on its way), so every round ends in a kill.
  void seed_big_scenario() {
    seed_scenario();
    for (int i = 160; i < 1000; ++i)
      source_.push_back({"new" + std::to_string(i) + "@example.com", "New Person " + std::to_string(i), "eu"});
    write_source(source_);
  }

  // Every line is one whole JSON object ending in a newline.
  void expect_audit_log_whole(const std::string& context) const {
    const auto path = dir_ / "state" / "audit.log";
    if (!std::filesystem::exists(path)) return;
    const std::string text = support::read_file(path);
    if (!text.empty()) {
      EXPECT_EQ(text.back(), '\n') << "the last audit line is torn " << context;
    }
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      boost::system::error_code ec;
      const auto value = boost::json::parse(line, ec);
      EXPECT_FALSE(ec) << "torn audit line " << context << ": " << line;
      if (!ec) {
        EXPECT_TRUE(value.is_object() && value.as_object().contains("userName")) << line;
      }
    }
  }
};

TEST_F(CrashConvergence, SigkillAtRandomPointsThenRerunConverges) {
  seed_big_scenario();
  write_config();
  std::mt19937_64 rng(kSeed);
  int kills = 0;
  for (int round = 0; round < kKills; ++round) {
    // The kill point: after the server has seen `writes` more writes, plus a random delay of up to 3 ms, so the
    // process dies anywhere: mid-request, between a write and its audit line, or inside an audit write.
    const auto writes = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
    const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng));
    const std::string point = "(seed " + std::to_string(kSeed) + ", round " + std::to_string(round) + ", after " +
                              std::to_string(writes) + " writes + " + std::to_string(delay.count()) + " us)";
    const std::size_t first = recorded();
    bool killed = false;
    const auto run = sync_watching([&](support::ChildProcess& process) {
      if (!killed && writes_since(first) >= writes) {
        std::this_thread::sleep_for(delay);
        process.send_signal(SIGKILL);
        killed = true;
      }
    });
    expect_audit_log_whole(point);
    expect_no_user_created_twice();
    expect_no_listed_user_deleted();
    if (!killed || run.status.exited) {
      // The plan ran out before this kill point: the run finished by itself and must have converged.
      EXPECT_EQ(run.code(), 0) << point << run.err;
      break;
    }
    EXPECT_EQ(run.status.term_signal, SIGKILL) << point;
    ++kills;
  }
  EXPECT_GE(kills, 20) << "fewer kill points than promised";

  const auto final_run = sync();
  EXPECT_EQ(final_run.code(), 0) << final_run.out << final_run.err;
  expect_audit_log_whole("(final run)");
  expect_converged();
  expect_no_user_created_twice();
  expect_no_listed_user_deleted();
}

// The same for incremental runs (`sync --incremental`, planned against the remote cache): each round changes some
// people, kills the incremental run after a few of their writes, then lets the next run finish. That next run must
// not trust a cache the killed one left behind (it may be behind Omni): it converges, creates nobody twice and
// loses no change.
TEST_F(CrashConvergence, IncrementalRunsKilledAtRandomPointsThenRerunConverge) {
  seed_big_scenario();
  write_config();
  const auto converge = sync({"--incremental"});
  ASSERT_EQ(converge.code(), 0) << converge.err;
  expect_converged();

  std::mt19937_64 rng(kSeed + 1);
  constexpr int kRounds = 8;
  int killed_incremental = 0;
  for (int round = 0; round < kRounds; ++round) {
    // 40 renames and 5 newcomers: 45 writes, fewer than the 100 list pages a full cycle would cost (page_size 10).
    for (int i = 0; i < 40; ++i) {
      auto& person = source_[static_cast<std::size_t>(round * 40 + i) % source_.size()];
      person.display_name = "Round " + std::to_string(round) + " " + person.user_name.substr(0, person.user_name.find('@'));
    }
    for (int i = 0; i < 5; ++i)
      source_.push_back({"round" + std::to_string(round) + "-" + std::to_string(i) + "@example.com", "Newcomer", "eu"});
    write_source(source_);

    const auto writes = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
    const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng));
    const std::string point = "(seed " + std::to_string(kSeed + 1) + ", round " + std::to_string(round) + ", after " +
                              std::to_string(writes) + " writes + " + std::to_string(delay.count()) + " us)";
    const std::size_t first = recorded();
    bool killed = false;
    // Each answer takes 25 ms while the run to be killed goes on: its 45 writes then take ~300 ms, so the kill
    // after at most 12 of them lands mid-apply however fast or slow the build (under ASan an unslowed run could
    // finish between two looks of the watcher, and that round had no kill point).
    server_->faults().set_latency(std::chrono::milliseconds(25));
    const auto run = sync_watching(
        [&](support::ChildProcess& process) {
          if (!killed && writes_since(first) >= writes) {
            std::this_thread::sleep_for(delay);
            process.send_signal(SIGKILL);
            killed = true;
          }
        },
        {"--incremental"});
    server_->faults().set_latency(std::chrono::milliseconds(0));
    EXPECT_THAT(run.err, ::testing::HasSubstr("incremental cycle")) << point;
    if (killed && !run.status.exited) {
      EXPECT_EQ(run.status.term_signal, SIGKILL) << point;
      ++killed_incremental;
    }
    expect_audit_log_whole(point);

    const auto rerun = sync({"--incremental"});
    EXPECT_EQ(rerun.code(), 0) << point << rerun.err;
    if (killed && !run.status.exited) {
      EXPECT_THAT(rerun.err, ::testing::HasSubstr("full cycle (no remote cache yet)"))
          << point << ": the killed run's cache must not be trusted";
    }
    expect_converged();
    expect_no_user_created_twice();
    expect_no_listed_user_deleted();
    if (HasFailure()) break;
  }
  EXPECT_EQ(killed_incremental, kRounds) << "fewer kill points than promised";
}

}  // namespace
}  // namespace oss::testing
