// `sync --incremental` end to end: the built binary against the fake Omni server, requests counted by the server.
// The first run lists everything and leaves the remote cache; later runs plan against it and send only the
// changed people's writes, falling back to a lookup, or to a full reconcile, whenever the cache cannot be trusted.
#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gmock/gmock.h>

#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

class IncrementalSync : public SyncTest {
 protected:
  void SetUp() override {
    for (int i = 0; i < 250; ++i)
      people_.push_back({"person" + std::to_string(i) + "@example.com", "Person " + std::to_string(i), true, "eu"});
    write_source(people_);
    write_config("  max_delete_percent: 100\n");
    const auto first = sync({"--incremental"});   // no cache yet: a full reconcile that creates everyone
    ASSERT_EQ(first.code(), 0) << first.err;
    ASSERT_THAT(first.err, HasSubstr("full cycle (no remote cache yet)"));
    ASSERT_EQ(server_.user_count(), 250u);
    server_.clear_requests();
  }

  std::filesystem::path cache_file() const { return dir_ / "state" / "remote-cache.jsonl"; }
  // GETs of list pages (not lookups): a full list of the 250 users is 3 pages.
  std::size_t list_pages() const {
    std::size_t n = 0;
    for (const auto& request : server_.requests())
      if (request.method == "GET" && request.path() == "/api/scim/v2/users" &&
          request.target.find("filter=") == std::string::npos)
        ++n;
    return n;
  }

  std::vector<Person> people_;
};

TEST_F(IncrementalSync, AnUnchangedSourceSendsNoScimRequestAtAll) {
  for (int run = 0; run < 3; ++run) {
    const auto result = sync({"--incremental"});
    EXPECT_EQ(result.code(), 0) << result.err;
    EXPECT_THAT(result.err, HasSubstr("incremental cycle: planned against the remote cache (250 users at Omni)"));
  }
  EXPECT_EQ(scim_requests(), 0u);
  EXPECT_EQ(server_.request_count("GET"), 3u) << "one whoami per process, nothing else";
}

TEST_F(IncrementalSync, OneChangedPersonSendsOneWriteAndTheCacheMatchesOmniAfterwards) {
  people_[7].display_name = "Person Seven";
  people_.push_back({"newcomer@example.com", "New Comer", true, "us"});
  write_source(people_);
  const auto result = sync({"--incremental"});
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_EQ(scim_requests(), 2u) << "one PATCH, one POST";
  EXPECT_EQ(server_.request_count("PATCH"), 1u);
  EXPECT_EQ(server_.request_count("POST"), 1u);
  EXPECT_EQ(std::get<0>(server_state().at("person7@example.com")), "Person Seven");

  // The cache holds Omni exactly as a list would show it.
  std::map<std::string, std::string> cached;   // id -> displayName
  std::istringstream lines(support::read_file(cache_file()));
  std::string line;
  std::getline(lines, line);   // the header
  while (std::getline(lines, line)) {
    const auto user = boost::json::parse(line).as_object();
    cached[std::string(user.at("id").as_string())] = std::string(user.at("displayName").as_string());
  }
  std::map<std::string, std::string> at_omni;
  for (const auto& stored : server_.users()) at_omni[stored.id] = stored.display_name;
  EXPECT_EQ(cached, at_omni);
}

TEST_F(IncrementalSync, ADryRunShowsWhatTheNextIncrementalCycleWouldSendAndSendsNothing) {
  people_[3].region = "us";
  write_source(people_);
  const auto result = sync({"--dry-run", "--incremental"});
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("~ update person3@example.com: attributes.region: \"eu\" -> \"us\""));
  EXPECT_EQ(scim_requests(), 0u);
}

TEST_F(IncrementalSync, AUserDeletedByHandIsLookedUpAndMadeAgainWhenTheSourceChangesThem) {
  const auto victim = server_.find_user("person9@example.com");
  ASSERT_TRUE(victim);
  ASSERT_TRUE(server_.remove_user_by_hand(victim->id));
  people_[9].display_name = "Person Nine";
  write_source(people_);
  const auto result = sync({"--incremental"});
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("no longer at Omni under id " + victim->id));
  const auto now = server_.find_user("person9@example.com");
  ASSERT_TRUE(now) << "made again after the 404 and the lookup";
  EXPECT_EQ(now->display_name, "Person Nine");
  EXPECT_EQ(server_.request_count("PATCH"), 1u);
  EXPECT_EQ(server_.request_count("POST"), 1u);
  EXPECT_EQ(list_pages(), 0u) << "one lookup for that person, not a list of everyone";
  // The cache learnt the new id: the next run sends nothing.
  server_.clear_requests();
  EXPECT_EQ(sync({"--incremental"}).code(), 0);
  EXPECT_EQ(scim_requests(), 0u);
}

TEST_F(IncrementalSync, ACreateAnsweredConflictAdoptsTheUserMadeByHand) {
  server_.seed_user({"handmade@example.com", "Made By Hand", true, {}});
  people_.push_back({"handmade@example.com", "Hand Made", true, "eu"});
  write_source(people_);
  const auto result = sync({"--incremental"});
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("already exists at Omni"));
  EXPECT_EQ(std::get<0>(server_state().at("handmade@example.com")), "Hand Made");
  EXPECT_EQ(server_.user_count(), 251u);
}

TEST_F(IncrementalSync, AHandEditInOmniWaitsForTheNextFullReconcile) {
  server_.rename_user_by_hand(server_.find_user("person1@example.com")->id, "Edited By Hand");
  EXPECT_EQ(sync({"--incremental"}).code(), 0);
  EXPECT_EQ(std::get<0>(server_state().at("person1@example.com")), "Edited By Hand") << "the cache cannot know";
  EXPECT_EQ(sync().code(), 0) << "a plain sync is a full reconcile";
  EXPECT_EQ(std::get<0>(server_state().at("person1@example.com")), "Person 1");
}

TEST_F(IncrementalSync, ACacheThatCannotBeTrustedIsIgnoredWithAWarningAndEverythingIsListed) {
  const std::string good = support::read_file(cache_file());
  auto header = boost::json::parse(good.substr(0, good.find('\n'))).as_object();
  header["baseUrl"] = "https://other-instance.example";
  const struct {
    std::string name;
    std::string content;
    unsigned mode;
    std::string warning;
  } cases[] = {
      {"another instance", boost::json::serialize(header) + good.substr(good.find('\n')), 0600,
       "it was made for https://other-instance.example"},
      {"truncated", good.substr(0, good.size() / 2), 0600, "remote-cache.jsonl:"},
      {"garbage", "\x7f" "ELF garbage\n", 0600, "remote-cache.jsonl:1: not JSON"},
      {"world-writable", good, 0666, "writable by group or others"},
  };
  for (const auto& c : cases) {
    support::write_file(cache_file(), c.content);
    ASSERT_EQ(::chmod(cache_file().c_str(), c.mode), 0);
    server_.clear_requests();
    const auto result = sync({"--incremental"});
    EXPECT_EQ(result.code(), 0) << c.name << ": " << result.err;
    EXPECT_THAT(result.err, HasSubstr("ignoring the remote cache")) << c.name;
    EXPECT_THAT(result.err, HasSubstr(c.warning)) << c.name;
    EXPECT_EQ(list_pages(), 3u) << c.name << ": a full reconcile lists Omni";
    EXPECT_EQ(server_.user_count(), 250u) << c.name << ": nobody deleted, nobody created";
  }
}

TEST_F(IncrementalSync, ACacheOfAnotherKeysOwnerIsIgnored) {
  const std::string other_key = "e2e-second-organization-key-90ab";
  server_.add_org_key(other_key);
  server_.clear_requests();
  const auto result = sync({"--incremental"}, other_key);
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("made for another API key's owner"));
  EXPECT_EQ(list_pages(), 3u);
}

TEST_F(IncrementalSync, AnOldCacheMeansAFullReconcile) {
  write_config("  max_delete_percent: 100\n  interval_seconds: 10\n  full_interval_seconds: 10\n");
  std::string text = support::read_file(cache_file());
  auto header = boost::json::parse(text.substr(0, text.find('\n'))).as_object();
  header["listedAt"] = header["listedAt"].as_int64() - 11;
  support::write_file(cache_file(), boost::json::serialize(header) + text.substr(text.find('\n')));
  ::chmod(cache_file().c_str(), 0600);
  const auto result = sync({"--incremental"});
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("sync.full_interval_seconds: 10"));
  EXPECT_EQ(list_pages(), 3u);
}

TEST_F(IncrementalSync, ManyChangesCostAFullListInsteadWhenThatIsCheaper) {
  // 250 users at Omni are 3 pages: 3 or more changes are planned against a fresh list.
  for (int i = 0; i < 3; ++i) people_[i].region = "us";
  write_source(people_);
  const auto result = sync({"--incremental"});
  EXPECT_EQ(result.code(), 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("3 changes cost at least what listing Omni's 250 users does (3 requests)"));
  EXPECT_EQ(list_pages(), 3u);
  EXPECT_EQ(server_.request_count("PATCH"), 3u);
}

TEST_F(IncrementalSync, GuardsWithholdIncrementalRemovalsAsFullOnes) {
  write_config("  max_deletes: 1\n  max_delete_percent: 100\n");
  people_.resize(248);   // 2 leavers: more than max_deletes, fewer changes than the list's 3 pages cost
  write_source(people_);
  const auto result = sync({"--incremental"});
  EXPECT_EQ(result.code(), 3) << result.out << result.err;
  EXPECT_EQ(server_.request_count("DELETE"), 0u);
  EXPECT_EQ(list_pages(), 0u) << "planned against the cache";
}

}  // namespace
}  // namespace oss::testing
