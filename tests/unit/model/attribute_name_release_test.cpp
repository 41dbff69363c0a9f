// Interned attribute names are released once no Attributes holds them (issue 20): a daemon whose source or server
// keys change from one cycle to the next keeps a table of the names in use, not of every name it ever saw.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/attribute.hpp"
#include "model/attribute_name.hpp"

namespace oss::model {
namespace {

// Sweeps until a sweep frees nothing: a name looked up since the last sweep is kept one sweep longer.
void sweep_twice() {
  release_unused_attribute_names();
  release_unused_attribute_names();
}

std::vector<Attributes> people_with_keys(const std::string& prefix, int count) {
  std::vector<Attributes> people(count);
  for (int i = 0; i < count; ++i) {
    people[i].set(prefix + std::to_string(i), "value " + std::to_string(i));
    people[i].set("department", "Sales");
  }
  return people;
}

TEST(AttributeNames, KeysThatComeAndGoDoNotGrowTheTable) {
  sweep_twice();
  const std::size_t before = interned_attribute_names();
  for (int cycle = 0; cycle < 50; ++cycle) {
    auto people = people_with_keys("key-of-cycle-" + std::to_string(cycle) + "-", 200);
    EXPECT_GE(interned_attribute_names(), before + 200);
    release_unused_attribute_names();   // what the daemon does between cycles, while this cycle's data is alive
    EXPECT_EQ(people[7].find("key-of-cycle-" + std::to_string(cycle) + "-7"), AttributeValue{"value 7"});
  }
  sweep_twice();
  EXPECT_EQ(interned_attribute_names(), before) << "50 cycles of 200 new keys each left names behind";
}

TEST(AttributeNames, ANameHeldByAnyCopyStaysAndKeepsItsText) {
  sweep_twice();
  Attributes kept;
  {
    auto people = people_with_keys("held-", 3);
    kept = people[1];                          // a copy
    Attributes moved = std::move(people[2]);   // a move
    Attributes assigned;
    assigned = std::move(moved);
    sweep_twice();
    EXPECT_EQ(assigned.find("held-2"), AttributeValue{"value 2"});
  }
  sweep_twice();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ((*kept.begin()).reference(), "department");
  EXPECT_EQ(kept.find("held-1"), AttributeValue{"value 1"});
  const std::size_t with_kept = interned_attribute_names();
  kept.set("held-1", "replaced");               // replacing a value keeps the name counted once
  kept = Attributes{};
  sweep_twice();
  EXPECT_EQ(interned_attribute_names(), with_kept - 2) << "held-1 and department are free once the copy is gone";
}

TEST(AttributeNames, ALookedUpNameOutlivesTheNextSweepBeforeItIsStored) {
  sweep_twice();
  const AttributeName column("a-csv-column-read-just-now");   // a reader's view, not yet in any Attributes
  release_unused_attribute_names();                            // a sweep between the lookup and the first row
  EXPECT_EQ(column.text(), "a-csv-column-read-just-now");
  const std::pair<AttributeName, std::string_view> row[] = {{column, "x"}};
  const Attributes stored = Attributes::from_sorted_texts(row);
  sweep_twice();
  EXPECT_EQ(stored.find("a-csv-column-read-just-now"), AttributeValue{"x"});
  EXPECT_TRUE(AttributeName("a-csv-column-read-just-now") == column) << "the same handle while a block holds it";
}

TEST(AttributeNames, AnUnheldNameIsFreedAtTheSecondSweep) {
  sweep_twice();
  const std::size_t before = interned_attribute_names();
  { const AttributeName passing("looked-up-and-dropped"); }
  EXPECT_EQ(interned_attribute_names(), before + 1);
  EXPECT_EQ(release_unused_attribute_names(), 0u);
  EXPECT_EQ(release_unused_attribute_names(), 1u);
  EXPECT_EQ(interned_attribute_names(), before);
}

}  // namespace
}  // namespace oss::model
