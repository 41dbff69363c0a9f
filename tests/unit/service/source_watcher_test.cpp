// The watcher on a real folder with real inotify events.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>

#include "service/source_watcher.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::service {
namespace {

using namespace std::chrono_literals;

class SourceWatcherTest : public ::testing::Test {
 protected:
  // Runs the loop for `how_long`, counting callbacks.
  void run_for(std::chrono::milliseconds how_long) {
    io_.restart();
    io_.run_for(how_long);
  }
  std::unique_ptr<SourceWatcher> watch(source::SourceOptions options, std::chrono::milliseconds debounce = 200ms) {
    auto watcher = std::make_unique<SourceWatcher>(io_.get_executor(), options, debounce, [this] { ++changes_; });
    watcher->start();
    return watcher;
  }

  support::TempDir dir_{"oss-watch-test"};
  boost::asio::io_context io_;
  int changes_ = 0;
};

TEST_F(SourceWatcherTest, ABurstOfWritesIsOneChangeAfterTheQuietPeriod) {
  support::write_file(dir_ / "users.csv", "email\n");
  source::SourceOptions options;
  options.path = dir_ / "users.csv";
  auto watcher = watch(options, 300ms);
  for (int i = 0; i < 5; ++i) {
    support::write_file(dir_ / "users.csv", "email\na" + std::to_string(i) + "@b.co\n");
    run_for(50ms);
  }
  EXPECT_EQ(changes_, 0) << "still inside the quiet period";
  run_for(600ms);
  EXPECT_EQ(changes_, 1);
}

TEST_F(SourceWatcherTest, ARenameIntoPlaceCountsOtherFilesDoNot) {
  source::SourceOptions options;
  options.path = dir_ / "users.csv";
  auto watcher = watch(options);
  support::write_file(dir_ / "other.csv", "x\n");
  support::write_file(dir_ / ".users.csv.tmp", "email\n");
  run_for(400ms);
  EXPECT_EQ(changes_, 0) << "neither file is the source";
  std::filesystem::rename(dir_ / ".users.csv.tmp", dir_ / "users.csv");
  run_for(400ms);
  EXPECT_EQ(changes_, 1);
}

TEST_F(SourceWatcherTest, FolderSourcesWatchTheirUserFilesButNotWorkInProgress) {
  source::SourceOptions options;
  options.type = source::SourceType::directory;
  options.path = dir_.path();
  auto watcher = watch(options);
  EXPECT_TRUE(watcher->concerns("team.csv"));
  EXPECT_TRUE(watcher->concerns("team.yaml"));
  EXPECT_FALSE(watcher->concerns("team.csv.part"));
  EXPECT_FALSE(watcher->concerns(".hidden.csv"));
  support::write_file(dir_ / "team.csv.part", "x\n");
  run_for(400ms);
  EXPECT_EQ(changes_, 0);
  support::write_file(dir_ / "team.json", "[]\n");
  run_for(400ms);
  EXPECT_EQ(changes_, 1);
}

TEST_F(SourceWatcherTest, StopEndsTheWatchAndAMissingFolderIsAnError) {
  source::SourceOptions options;
  options.path = dir_ / "users.csv";
  auto watcher = watch(options);
  watcher->stop();
  support::write_file(dir_ / "users.csv", "email\n");
  run_for(400ms);
  EXPECT_EQ(changes_, 0);

  options.path = dir_ / "missing" / "users.csv";
  SourceWatcher broken(io_.get_executor(), options, 100ms, [] {});
  EXPECT_THROW(broken.start(), std::system_error);
}

}  // namespace
}  // namespace oss::service
