// Revocation first (issue 18), end to end: the built binary against the fake Omni server, the order of the writes
// as the server logged them. A person the source marks `active: false` must not wait behind a backlog of creates;
// people merely gone from the source are removed after every addition, as the guards expect.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

class RevocationOrder : public SyncTest {
 protected:
  // The writes in the order the server received them, as "METHOD target".
  std::vector<std::string> writes_in_order() const {
    std::vector<std::string> writes;
    for (const auto& request : server_.requests())
      if (request.method != "GET") writes.push_back(request.method + " " + request.path());
    return writes;
  }

  // A backlog of `count` newcomers, named so that they sort before the leaver.
  static std::vector<Person> newcomers(int count, const std::string& prefix) {
    std::vector<Person> people;
    for (int i = 0; i < count; ++i)
      people.push_back({prefix + std::to_string(i) + "@example.com", "New " + std::to_string(i), true, "eu"});
    return people;
  }
};

TEST_F(RevocationOrder, TheLeaverIsTheFirstWriteAheadOf300CreatesAndTheGoneAreRemovedLast) {
  const std::string leaver_id = server_.seed_user({"zoe.leaver@example.com", "Zoe Leaver"});
  const std::string gone_id = server_.seed_user({"gone@example.com", "Gone Person"});
  std::vector<Person> people = newcomers(300, "aa-new");
  people.push_back({"zoe.leaver@example.com", "Zoe Leaver", false, ""});
  write_source(people);
  write_config("  max_delete_percent: 100\n  max_deletes: 5\n");

  const auto result = sync();
  ASSERT_EQ(result.code(), 0) << result.err;
  const std::vector<std::string> writes = writes_in_order();
  ASSERT_EQ(writes.size(), 302u);
  EXPECT_EQ(writes.front(), "PATCH /api/scim/v2/users/" + leaver_id) << "the leaver waited behind the creates";
  EXPECT_EQ(writes.back(), "DELETE /api/scim/v2/users/" + gone_id) << "a removal overtook an addition";
  for (std::size_t i = 1; i + 1 < writes.size(); ++i) EXPECT_EQ(writes[i], "POST /api/scim/v2/users") << i;
  EXPECT_FALSE(std::get<1>(server_state().at("zoe.leaver@example.com")));
}

TEST_F(RevocationOrder, AnIncrementalCycleAlsoSendsTheLeaverFirst) {
  std::vector<Person> people = newcomers(20, "aa-first");
  people.push_back({"zoe.leaver@example.com", "Zoe Leaver", true, ""});
  write_source(people);
  // Small pages make a full list cost 5 requests, so that the 4 writes below stay an incremental cycle.
  write_config("", "  page_size: 5\n");
  ASSERT_EQ(sync({"--incremental"}).code(), 0);
  server_.clear_requests();

  people.back().active = false;
  const std::vector<Person> backlog = newcomers(3, "ab-next");
  people.insert(people.end(), backlog.begin(), backlog.end());
  write_source(people);
  const auto result = sync({"--incremental"});
  ASSERT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("incremental cycle"));
  const std::vector<std::string> writes = writes_in_order();
  ASSERT_EQ(writes.size(), 4u);
  EXPECT_THAT(writes.front(), HasSubstr("PATCH /api/scim/v2/users/")) << "the leaver waited behind the creates";
  EXPECT_FALSE(std::get<1>(server_state().at("zoe.leaver@example.com")));
}

}  // namespace
}  // namespace oss::testing
