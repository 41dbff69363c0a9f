#include "snapshot/last_run.hpp"

#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_folder.hpp"

namespace oss::snapshot {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

unsigned mode_of(const fs::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

TEST(LastRun, MissingFileMeansNoLastRun) {
  source::testing::TempFolder folder;
  EXPECT_EQ(load_last_run(folder.path()), std::nullopt);
  EXPECT_EQ(load_last_run(folder.path() / "not-created-yet"), std::nullopt);
}

TEST(LastRun, SaveAndLoadRoundTrip) {
  source::testing::TempFolder folder;
  const LastRun saved{1'000'000, 999'998, 1'764'324'000};
  save_last_run(folder.path(), saved);
  EXPECT_EQ(load_last_run(folder.path()), saved);
  const LastRun later{12, 13, 1'764'325'000};
  save_last_run(folder.path(), later);  // replaces the file
  EXPECT_EQ(load_last_run(folder.path()), later);
  EXPECT_FALSE(fs::exists(folder.path() / "last-run.json.tmp"));
}

TEST(LastRun, FileIs0600AndMissingStateDirIsCreated0700) {
  source::testing::TempFolder folder;
  const auto state_dir = folder.path() / "state";
  save_last_run(state_dir, LastRun{1, 2, 3});
  EXPECT_EQ(mode_of(state_dir), 0700u);
  EXPECT_EQ(mode_of(state_dir / "last-run.json"), 0600u);
}

TEST(LastRun, CorruptFileThrowsNamingIt) {
  source::testing::TempFolder folder;
  const auto file = (folder.path() / "last-run.json").string();
  const std::pair<std::string, std::string> cases[] = {
      {"{not json", file + ": not valid JSON: syntax error"},
      {"[1, 2]", file + ": expected a JSON object"},
      {R"({"source_records": 1, "remote_users": 2})", file + ": missing \"finished_unix\""},
      {R"({"source_records": -1, "remote_users": 2, "finished_unix": 3})",
       file + ": \"source_records\" is not a whole number in range: -1"},
  };
  for (const auto& [content, message] : cases) {
    folder.write("last-run.json", content);
    try {
      load_last_run(folder.path());
      ADD_FAILURE() << "no exception for " << content;
    } catch (const std::runtime_error& error) {
      EXPECT_THAT(error.what(), HasSubstr(message)) << content;
    }
  }
}

}  // namespace
}  // namespace oss::snapshot
