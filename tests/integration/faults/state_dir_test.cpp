// A state_dir another local user can write is refused before anything is opened in it (issue 21, finding 1):
// a second, real unprivileged user (nobody) plants links to a root-owned file under the names the sync would
// open (the lock, the audit log, last-run.json and its old temporary name), and the file must stay as it was.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>

#include "fault_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

constexpr uid_t kNobody = 65534;

// Runs `plant` in a child process that has become the unprivileged user `nobody`; true if it succeeded.
bool as_nobody(const std::function<bool()>& plant) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) ::_exit(2);
    ::_exit(plant() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

class UnsafeStateDir : public FaultTest {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to act as a second user";
    seed_scenario();
    write_config();
    victim_ = dir_ / "precious.txt";
    support::write_file(victim_, "root's own file\n");
    // nobody may pass through the test folder (not list or write it), as through /tmp or /srv.
    ::chmod(dir_.path().c_str(), 0711);
  }
  std::filesystem::path state() const { return dir_ / "state"; }
  std::filesystem::path victim_;
};

TEST_F(UnsafeStateDir, LinksPlantedInAFolderOthersMayWriteAreNeverFollowed) {
  std::filesystem::create_directory(state());
  ::chmod(state().c_str(), 01777);
  for (const char* name : {"lock", "audit.log", "last-run.json", "last-run.json.tmp", "remote-cache.jsonl"})
    ASSERT_TRUE(as_nobody([&] { return ::symlink(victim_.c_str(), (state() / name).c_str()) == 0; })) << name;
  ASSERT_EQ(std::filesystem::status(state() / "lock").type(), std::filesystem::file_type::regular)
      << "the link resolves to the victim";

  const auto run = sync();
  EXPECT_EQ(run.code(), 78) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("state_dir " + state().string() + " is writable by group or others (mode 1777)"));
  EXPECT_EQ(support::read_file(victim_), "root's own file\n");
  EXPECT_EQ(recorded(), 0u) << "nothing may be sent before the state folder is trusted";
}

TEST_F(UnsafeStateDir, AFolderOfAnotherUserIsRefused) {
  std::filesystem::create_directory(state());
  ::chmod(state().c_str(), 0700);
  ASSERT_EQ(::chown(state().c_str(), kNobody, kNobody), 0);
  const auto run = sync();
  EXPECT_EQ(run.code(), 78) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("belongs to uid 65534, not to the user running the sync"));
  EXPECT_EQ(recorded(), 0u);
}

TEST_F(UnsafeStateDir, AFolderOfItsOwnIsUsedAndAPlantedTemporaryNameIsNotFollowed) {
  // Even in a private folder, the atomic write never opens a fixed temporary name (an old ".tmp" link stays
  // a link, its target untouched).
  std::filesystem::create_directory(state());
  ::chmod(state().c_str(), 0700);
  std::filesystem::create_symlink(victim_, state() / "last-run.json.tmp");
  const auto run = sync({"--allow-deletes", "100"});
  EXPECT_THAT(run.code(), ::testing::AnyOf(0, 3)) << run.out << run.err;
  EXPECT_EQ(support::read_file(victim_), "root's own file\n");
  EXPECT_TRUE(std::filesystem::is_regular_file(state() / "last-run.json"));
  EXPECT_FALSE(std::filesystem::is_symlink(state() / "last-run.json"));
}

}  // namespace
}  // namespace oss::testing
