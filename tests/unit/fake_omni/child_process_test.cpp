// ChildProcess: exit codes, signals, environment, working directory, captured output, exec failures.
#include <gtest/gtest.h>

#include <csignal>

#include "support/child_process.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::support {
namespace {

using namespace std::chrono_literals;

TEST(ChildProcess, CapturesOutputAndExitCode) {
  ChildProcess child({{"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}});
  auto status = child.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, (ExitStatus{true, 3, 0}));
  EXPECT_EQ(child.stdout_text(), "out\n");
  EXPECT_EQ(child.stderr_text(), "err\n");
}

TEST(ChildProcess, EnvironmentWorkingDirAndStdin) {
  TempDir dir;
  setenv("OSS_CHILD_REMOVED", "x", 1);
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", "echo \"$OSS_CHILD_VALUE ${OSS_CHILD_REMOVED:-gone} $(pwd)\"; cat"};
  options.extra_env = {{"OSS_CHILD_VALUE", "hello"}};
  options.removed_env = {"OSS_CHILD_REMOVED"};
  options.working_dir = dir.path();
  options.stdin_text = "from stdin";
  ChildProcess child(options);
  ASSERT_TRUE(child.wait(10s));
  EXPECT_EQ(child.stdout_text(), "hello gone " + std::filesystem::canonical(dir.path()).string() + "\nfrom stdin");
  unsetenv("OSS_CHILD_REMOVED");
}

TEST(ChildProcess, SignalAndTimeout) {
  ChildProcess child({{"/bin/sleep", "30"}});
  EXPECT_FALSE(child.wait(50ms));
  EXPECT_TRUE(child.running());
  child.send_signal(SIGTERM);
  auto status = child.wait(10s);
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->exited);
  EXPECT_EQ(status->term_signal, SIGTERM);
  EXPECT_NE(status->describe().find("signal 15"), std::string::npos);
}

TEST(ChildProcess, ExecFailureThrowsNamingTheProgram) {
  try {
    ChildProcess child({{"/nonexistent/program"}});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/program"), std::string::npos);
  }
}

TEST(ChildProcess, WaitForStdout) {
  ChildProcess child({{"/bin/sh", "-c", "sleep 0.1; echo ready; sleep 30"}});
  EXPECT_TRUE(child.wait_for_stdout("ready", 10s));
  ChildProcess quiet({{"/bin/sh", "-c", "exit 0"}});
  EXPECT_FALSE(quiet.wait_for_stdout("ready", 10s));
}

}  // namespace
}  // namespace oss::support
