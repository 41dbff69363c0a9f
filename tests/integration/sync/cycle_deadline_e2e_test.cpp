// A whole cycle has a deadline (issue 21, finding 9): the built binary against a fake server that answers slowly
// enough that the cycle cannot finish in time. It is cut short at its deadline, says so, exits 1, and the next run
// finishes the work without sending anything twice.
#include <gmock/gmock.h>

#include <chrono>

#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class CycleDeadlineSync : public SyncTest {};

TEST_F(CycleDeadlineSync, ACycleBehindASlowServerIsCutAtItsDeadlineAndTheNextFinishesIt) {
  std::vector<Person> people;
  for (int i = 0; i < 60; ++i) people.push_back({"p" + std::to_string(i) + "@example.com", "P", true, ""});
  write_source(people);
  // One request at a time, 0.4 s each: 60 creates need about 25 s; the deadline is 10 s plus twice what 60
  // requests take at the configured rate (0.12 s).
  write_config("  cycle_timeout_seconds: 10\n", "  max_in_flight: 1\n");
  server_.faults().set_latency(400ms);

  const auto started = std::chrono::steady_clock::now();
  const auto cut = sync();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(cut.code(), 1) << cut.err;
  EXPECT_THAT(cut.err, HasSubstr("ran past its deadline"));
  EXPECT_GE(took, 10s);
  EXPECT_LT(took, 20s) << "not cut at the deadline";
  const std::size_t created = server_.user_count();
  EXPECT_GT(created, 0u);
  EXPECT_LT(created, 60u);

  server_.faults().set_latency(0ms);
  server_.clear_requests();
  const auto rest = sync();
  EXPECT_EQ(rest.code(), 0) << rest.err;
  EXPECT_EQ(server_.user_count(), 60u);
  EXPECT_EQ(server_.request_count("POST"), 60u - created) << "a create was sent twice";
}

}  // namespace
}  // namespace oss::testing
