// The group endpoints over real TLS against the fake Omni server: paging, create with members, one PATCH with a
// rename, additions and removals, delete, 404s, and the rate limit applying to groups too.
#include <gmock/gmock.h>

#include <algorithm>

#include "client_harness.hpp"
#include "omni/group_client.hpp"
#include "omni/http_error.hpp"

namespace oss::testing {
namespace {

std::vector<std::string> seed_people(fake_omni::FakeOmniServer& server, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i)
    ids.push_back(server.seed_user({"member" + std::to_string(i) + "@example.com", "Member " + std::to_string(i)}));
  return ids;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(ClientTest, ListsEveryPageOfGroupsWithTheirMembers) {
  const auto ids = seed_people(server_, 3);
  for (int i = 0; i < 205; ++i) server_.seed_group("Group " + std::to_string(i), i == 204 ? ids : std::vector<std::string>{});
  auto& s = stack();
  const auto groups = run(omni::GroupClient(s.client).list_groups());
  ASSERT_EQ(groups.size(), 205u);
  EXPECT_EQ(groups.back().display_name, "Group 204");
  EXPECT_EQ(groups.back().member_ids, ids);
  EXPECT_EQ(groups.back().id.size(), 8u);
  EXPECT_EQ(server_.request_count("GET"), 3u);
}

TEST_F(ClientTest, CreatesRenamesChangesMembersAndDeletesAGroup) {
  const auto ids = seed_people(server_, 4);
  auto& s = stack();
  omni::GroupClient groups(s.client);
  const auto created = run(groups.create_group("Eng", {ids[0], ids[1]}));
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.group.display_name, "Eng");
  EXPECT_EQ(created.group.member_ids, (std::vector<std::string>{ids[0], ids[1]}));

  EXPECT_EQ(run(groups.patch_group(created.group.id, std::string("Engineering"), {ids[2], ids[3]}, {ids[0]})), 200);
  const auto stored = server_.groups();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].display_name, "Engineering");
  EXPECT_EQ(sorted(stored[0].member_ids), sorted({ids[1], ids[2], ids[3]}));
  EXPECT_EQ(server_.request_count("PATCH"), 1u);  // one call carries all of it

  EXPECT_EQ(run(groups.remove_group(created.group.id)), 204);
  EXPECT_TRUE(server_.groups().empty());
  EXPECT_EQ(run(groups.remove_group(created.group.id)), 404);
  EXPECT_EQ(run(groups.patch_group(created.group.id, std::nullopt, {ids[0]}, {})), 404);
}

TEST_F(ClientTest, AnUnknownMemberIsA400WithTheServersText) {
  auto& s = stack();
  try {
    run(omni::GroupClient(s.client).create_group("Eng", {"no-such-user"}));
    FAIL() << "expected an HttpError";
  } catch (const omni::HttpError& error) {
    EXPECT_EQ(error.status, 400);
    EXPECT_THAT(error.what(), ::testing::HasSubstr("no-such-user"));
  }
}

TEST_F(ClientTest, ADeletedUserLeavesItsGroups) {
  const auto ids = seed_people(server_, 2);
  server_.seed_group("Eng", ids);
  auto& s = stack();
  EXPECT_EQ(run(s.client.remove(ids[0])), 204);
  EXPECT_EQ(server_.groups().at(0).member_ids, (std::vector<std::string>{ids[1]}));
}

TEST_F(ClientTest, GroupCallsWaitOutTheRateLimit) {
  server_.set_rate_limit(fake_omni::RateLimit{3, std::chrono::milliseconds(500)});
  for (int i = 0; i < 8; ++i) server_.seed_group("G" + std::to_string(i));
  server_.set_max_page_size(2);
  options_.requests_per_minute = 6000;  // the client believes in more than the server grants: 429s follow
  auto& s = stack();
  EXPECT_EQ(run(omni::GroupClient(s.client).list_groups()).size(), 8u);
  const auto requests = server_.requests();
  EXPECT_TRUE(std::any_of(requests.begin(), requests.end(), [](const auto& r) { return r.status == 429; }));
}

}  // namespace
}  // namespace oss::testing
