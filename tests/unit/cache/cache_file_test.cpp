// The cache file: what save_cache writes, load_cache reads back unchanged; anything else is refused with a message
// that names the file (and line), so that the caller warns and lists Omni instead.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "cache/cache_file.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::cache {
namespace {

RemoteCache sample() {
  std::vector<model::RemoteUser> users(2);
  users[0].id = "a1";
  users[0].user = {"ada@x.co", "Ada Lovelace", true, {}, {}};
  users[0].user.attributes.set("region", model::AttributeValue(std::string("eu")));
  users[0].user.attributes.set("level", model::AttributeValue(3.0));
  users[0].user.attributes.set("langs", model::AttributeValue(model::AttributeList{std::string("en"), 2.5, true}));
  users[1].id = "b2";
  users[1].user = {"bob@x.co", "Bob \"the\" Builder, ünïcode", false, {}, {}};
  RemoteCache cache({"https://omni.example/base", "owner-42"}, std::move(users), 1'764'900'000);
  cache.set_groups({model::RemoteGroup{"g1", "scim-Sales", {"a1", "b2"}}, model::RemoteGroup{"g2", "scim-Empty", {}}});
  return cache;
}

class CacheFileTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_ / kCacheFile; }
  std::string load_error() {
    try {
      load_cache(dir_.path());
    } catch (const CacheError& error) {
      return error.what();
    }
    return "(loaded)";
  }
  support::TempDir dir_{"oss-cache"};
};

TEST_F(CacheFileTest, WhatIsSavedLoadsBackUnchangedWithMode0600) {
  save_cache(dir_.path(), sample());
  struct stat info {};
  ASSERT_EQ(::stat(file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const auto loaded = load_cache(dir_.path());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->identity(), sample().identity());
  EXPECT_EQ(loaded->listed_unix(), 1'764'900'000);
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ(loaded->users()[0], sample().users()[0]);
  EXPECT_EQ(loaded->users()[1], sample().users()[1]);
  EXPECT_EQ(loaded->groups(), sample().groups());
}

TEST_F(CacheFileTest, ACacheWithoutGroupsSaysSoAndLoadsWithoutThem) {
  RemoteCache cache({"https://omni.example", ""}, {}, 5);
  save_cache(dir_.path(), cache);
  const auto loaded = load_cache(dir_.path());
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->groups().has_value());
  EXPECT_EQ(loaded->size(), 0u);
}

TEST_F(CacheFileTest, NoFileIsNoCacheAndRemovingTwiceIsFine) {
  EXPECT_FALSE(load_cache(dir_.path()));
  save_cache(dir_.path(), sample());
  remove_cache(dir_.path());
  remove_cache(dir_.path());
  EXPECT_FALSE(load_cache(dir_.path()));
}

TEST_F(CacheFileTest, ATruncatedFileIsRefusedNotReadAsFewerUsers) {
  save_cache(dir_.path(), sample());
  std::string text = support::read_file(file());
  const auto last_line = text.rfind('\n', text.size() - 2);
  support::write_file(file(), text.substr(0, last_line + 1));
  ::chmod(file().c_str(), 0600);
  EXPECT_NE(load_error().find("holds 2 users and 1 groups, the first line announces 2 and 2"), std::string::npos) << load_error();

  support::write_file(file(), text.substr(0, text.size() - 5));   // cut inside the last line
  ::chmod(file().c_str(), 0600);
  EXPECT_NE(load_error().find(file().string() + ":5: the last line is cut short"), std::string::npos) << load_error();
}

TEST_F(CacheFileTest, GarbageAForeignFormatAndANewerVersionAreRefusedByLine) {
  save_cache(dir_.path(), sample());
  const std::string text = support::read_file(file());
  const auto first_end = text.find('\n');
  const struct {
    std::string content;
    std::string expected;
  } cases[] = {
      {text.substr(0, first_end + 1) + "{not json\n" + text.substr(text.find('\n', first_end + 1) + 1),
       file().string() + ":2: not JSON"},
      {text.substr(0, first_end + 1) + "{\"id\": \"x\"}\n" + text.substr(text.find('\n', first_end + 1) + 1),
       file().string() + ":2: userName"},
      {"{\"format\": \"something else\", \"version\": 1}\n", file().string() + ":1: not a remote cache"},
      {"{\"format\": \"omni-scim-sync remote cache\", \"version\": 2, \"baseUrl\": \"\", \"keyOwner\": \"\", "
       "\"listedAt\": 1, \"users\": 0}\n",
       ":1: format version 2 (this omni-scim-sync reads version 1)"},
      {"", ": empty"},
      {"\x01\x02\x03 binary\n", ":1: not JSON"},
  };
  for (const auto& c : cases) {
    support::write_file(file(), c.content);
    ::chmod(file().c_str(), 0600);
    EXPECT_NE(load_error().find(c.expected), std::string::npos) << load_error() << "\nexpected: " << c.expected;
  }
}

TEST_F(CacheFileTest, AFileOthersMayWriteOrALinkIsNeverTrusted) {
  save_cache(dir_.path(), sample());
  ::chmod(file().c_str(), 0620);
  EXPECT_NE(load_error().find("writable by group or others (mode 0620)"), std::string::npos) << load_error();
  ::chmod(file().c_str(), 0602);
  EXPECT_NE(load_error().find("writable by group or others"), std::string::npos) << load_error();
  ::chmod(file().c_str(), 0600);

  // A link planted in place of the file, even to a well-formed cache, is refused.
  std::filesystem::rename(file(), dir_ / "elsewhere.jsonl");
  std::filesystem::create_symlink(dir_ / "elsewhere.jsonl", file());
  EXPECT_NE(load_error().find("cannot open"), std::string::npos) << load_error();
}

TEST_F(CacheFileTest, AFileOfAnotherUserIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "changing a file's owner needs root (scripts/test runs as root)";
  save_cache(dir_.path(), sample());
  ASSERT_EQ(::chown(file().c_str(), 65534, 65534), 0);
  EXPECT_NE(load_error().find("owned by uid 65534, not by this user"), std::string::npos) << load_error();
}

}  // namespace
}  // namespace oss::cache
