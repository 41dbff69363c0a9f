// The remote cache follows every accepted write, so that planning against it gives what planning against a fresh
// list of Omni would.
#include <gtest/gtest.h>

#include <random>

#include "cache/cache_file.hpp"
#include "cache/remote_cache.hpp"
#include "plan/planner.hpp"
#include "support/temp_dir.hpp"

namespace oss::cache {
namespace {

model::RemoteUser remote(std::string id, std::string user_name, std::string display_name, bool active = true) {
  model::RemoteUser user;
  user.id = std::move(id);
  user.user.user_name = std::move(user_name);
  user.user.display_name = std::move(display_name);
  user.user.active = active;
  return user;
}

const model::RemoteUser* by_id(const RemoteCache& cache, const std::string& id) {
  for (const auto& user : cache.users())
    if (user.id == id) return &user;
  return nullptr;
}

TEST(RemoteCache, EachAcceptedWriteChangesTheCachedRecordAsOmniDid) {
  RemoteCache cache({"https://omni.example", "owner"},
                    {remote("1", "ada@x.co", "Ada"), remote("2", "bob@x.co", "Bob"), remote("3", "cy@x.co", "Cy")}, 100);

  model::User dee{"dee@x.co", "Dee", true, {}, {}};
  dee.attributes.set("region", model::AttributeValue(std::string("eu")));
  dee.groups = model::GroupNames({"Sales"});
  cache.written(plan::Create{dee}, "4");
  ASSERT_NE(by_id(cache, "4"), nullptr);
  EXPECT_EQ(by_id(cache, "4")->user.user_name, "dee@x.co");
  EXPECT_TRUE(by_id(cache, "4")->user.groups.empty()) << "memberships are never cached from a user record";

  plan::Update update{"1", "ada@x.co", std::pair<std::string, std::string>{"Ada", "Ada L."}, std::nullopt, {}};
  update.attributes.push_back({"region", std::nullopt, model::AttributeValue(std::string("us"))});
  cache.written(update, "1");
  EXPECT_EQ(by_id(cache, "1")->user.display_name, "Ada L.");
  EXPECT_EQ(by_id(cache, "1")->user.attributes.find("region"), model::AttributeValue(std::string("us")));

  plan::Update clear{"1", "ada@x.co", std::nullopt, std::nullopt, {}};
  clear.attributes.push_back({"region", model::AttributeValue(std::string("us")), std::nullopt});
  cache.written(clear, "1");
  EXPECT_FALSE(by_id(cache, "1")->user.attributes.find("region").has_value());

  cache.written(plan::Deactivate{"2", "bob@x.co", true}, "2");
  EXPECT_FALSE(by_id(cache, "2")->user.active);

  cache.written(plan::Delete{"3", "cy@x.co"}, "3");
  EXPECT_EQ(by_id(cache, "3"), nullptr);
  EXPECT_EQ(cache.size(), 3u);

  cache.gone("1");
  cache.seen(remote("9", "ada@x.co", "Ada again"));
  EXPECT_EQ(by_id(cache, "1"), nullptr);
  ASSERT_NE(by_id(cache, "9"), nullptr);
  EXPECT_EQ(by_id(cache, "9")->user.display_name, "Ada again");
  EXPECT_EQ(cache.size(), 3u);
  cache.gone("nobody");
  EXPECT_EQ(cache.size(), 3u);
}

TEST(RemoteCache, GroupCallsAndUserDeletesChangeTheCachedGroups) {
  RemoteCache cache({"https://omni.example", "owner"}, {remote("1", "ada@x.co", "Ada"), remote("2", "bob@x.co", "Bob")}, 1);
  cache.group_written("g0", std::nullopt, {"1"}, {});
  EXPECT_FALSE(cache.groups().has_value()) << "a cache made without groups stays without them";

  cache.set_groups({model::RemoteGroup{"g1", "scim-Sales", {"1"}}});
  cache.group_written("g2", std::string("scim-Ops"), {"1", "2"}, {});   // a create with its first members
  cache.group_written("g1", std::string("scim-Sales EU"), {"2", "1"}, {"1"});
  ASSERT_EQ(cache.groups()->size(), 2u);
  EXPECT_EQ((*cache.groups())[0], (model::RemoteGroup{"g1", "scim-Sales EU", {"2"}}));
  EXPECT_EQ((*cache.groups())[1], (model::RemoteGroup{"g2", "scim-Ops", {"1", "2"}}));

  cache.written(plan::Delete{"2", "bob@x.co"}, "2");   // Omni takes a deleted user out of every group
  EXPECT_TRUE((*cache.groups())[0].member_ids.empty());
  EXPECT_EQ((*cache.groups())[1].member_ids, std::vector<std::string>{"1"});
  cache.group_gone("g1");
  ASSERT_EQ(cache.groups()->size(), 1u);
  EXPECT_EQ((*cache.groups())[0].id, "g2");
}

// A random Omni and source over the same 25 people: each only at Omni, only in the source, or in both, with random
// names and active flags, and attributes `region` and `level` of every kind (string, number, boolean, list,
// odd text) now and then.
struct RandomWorld {
  std::vector<model::RemoteUser> omni;
  std::vector<model::User> source;
};

RandomWorld random_world(std::mt19937& rng) {
  const auto value = [&]() -> model::AttributeValue {
    switch (rng() % 4) {
      case 0: return model::AttributeValue(std::string(rng() % 2 ? "eu" : "Zürich, \"HQ\""));
      case 1: return model::AttributeValue(static_cast<double>(rng() % 3) + 0.5);
      case 2: return model::AttributeValue(rng() % 2 == 0);
      default: return model::AttributeValue(model::AttributeList{std::string("en"), static_cast<double>(rng() % 2)});
    }
  };
  const auto add_attributes = [&](model::Attributes& attributes) {
    if (rng() % 2) attributes.set("region", value());
    if (rng() % 3 == 0) attributes.set("level", value());
  };
  RandomWorld world;
  for (int i = 0; i < 25; ++i) {
    const std::string name = "p" + std::to_string(i) + "@x.co";
    const int where = static_cast<int>(rng() % 4);   // 0: only at Omni, 1: only in the source, 2-3: both
    if (where != 1) {
      auto user = remote("id" + std::to_string(i), name, "Näme " + std::to_string(rng() % 3), rng() % 4 != 0);
      add_attributes(user.user.attributes);
      world.omni.push_back(std::move(user));
    }
    if (where != 0) {
      model::User user{name, "Näme " + std::to_string(rng() % 3), rng() % 5 != 0, {}, {}};
      add_attributes(user.attributes);
      world.source.push_back(std::move(user));
    }
  }
  return world;
}

std::vector<plan::Policy> policies() {
  std::vector<plan::Policy> result;
  for (const auto deprovision : {plan::Deprovision::delete_user, plan::Deprovision::deactivate}) {
    plan::Policy policy;
    policy.deprovision = deprovision;
    policy.manage_attributes = {"region", "level"};
    result.push_back(policy);
  }
  return result;
}

// The property the incremental cycle rests on: after Omni accepted a plan's writes, the cache plans exactly as a
// fresh list would (here: nothing is left to do), for random sources and random Omni states.
TEST(RemoteCache, AfterAPlanIsAppliedTheCachePlansNothingMore) {
  std::mt19937 rng(20261205);
  for (int round = 0; round < 200; ++round) {
    const RandomWorld world = random_world(rng);
    for (const plan::Policy& policy : policies()) {
      RemoteCache cache({"https://omni.example", "owner"}, world.omni, 1);
      const plan::Plan first = plan::diff(world.source, cache.users(), policy);
      int created = 0;
      for (const auto& operation : first.operations) {
        const std::string id = std::holds_alternative<plan::Create>(operation) ? "new" + std::to_string(created++)
                                                                                : plan::op_id(operation);
        cache.written(operation, id);
      }
      const plan::Plan second = plan::diff(world.source, cache.users(), policy);
      EXPECT_TRUE(second.empty()) << "round " << round << ": " << second.operations.size() << " operations left";
    }
  }
}

// The incremental planner beside the full one: planning a source against the cache as it was saved and read back
// gives the very operations that planning it against Omni's list gives.
TEST(RemoteCache, PlanningAgainstTheSavedCacheEqualsPlanningAgainstOmni) {
  std::mt19937 rng(5122026);
  support::TempDir dir{"oss-cache-plan"};
  for (int round = 0; round < 100; ++round) {
    const RandomWorld world = random_world(rng);
    save_cache(dir.path(), RemoteCache({"https://omni.example", "owner"}, world.omni, 1));
    const auto loaded = load_cache(dir.path());
    ASSERT_TRUE(loaded);
    for (const plan::Policy& policy : policies())
      EXPECT_EQ(plan::diff(world.source, loaded->users(), policy).operations,
                plan::diff(world.source, world.omni, policy).operations)
          << "round " << round;
  }
}

}  // namespace
}  // namespace oss::cache
