#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sstream>

#include "state/private_files.hpp"
#include "state/run_lock.hpp"

namespace oss::state {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class StateDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/oss-state-XXXXXX";
    root_ = ::mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(root_); }
  static unsigned mode_of(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mode & 0777;
  }
  fs::path root_;
};

TEST_F(StateDir, PrivateDirectoryIsCreatedWithParents0700) {
  const auto folder = root_ / "a" / "b";
  ensure_private_directory(folder);
  EXPECT_EQ(mode_of(folder), 0700u);
  EXPECT_EQ(mode_of(root_ / "a"), 0700u);
}

TEST_F(StateDir, AtomicWriteReplacesContentAndIs0600) {
  const auto file = root_ / "state" / "facts.json";
  write_private_file_atomically(file, "first");
  write_private_file_atomically(file, "second");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "second");
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_FALSE(fs::exists(root_ / "state" / "facts.json.tmp"));
}

TEST_F(StateDir, SecondLockIsRefusedNamingTheHolder) {
  RunLock first(root_, "sync");
  try {
    RunLock second(root_, "sync");
    FAIL() << "a second lock was granted";
  } catch (const LockHeld& error) {
    EXPECT_THAT(error.what(), HasSubstr("pid " + std::to_string(::getpid())));
    EXPECT_THAT(error.what(), HasSubstr("sync"));
  }
  EXPECT_EQ(mode_of(root_ / "lock"), 0600u);
}

TEST_F(StateDir, LockIsFreeAgainOnceReleased) {
  { RunLock first(root_, "sync"); }
  EXPECT_NO_THROW(RunLock again(root_, "sync"));
}

}  // namespace
}  // namespace oss::state
