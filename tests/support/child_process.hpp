#pragma once
// Runs a built binary the way a user would: its own process, argv, extra environment variables, a working
// directory, stdout and stderr captured in files that tests can read while it runs.
#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"

namespace oss::support {

struct ChildOptions {
  ChildOptions() = default;
  ChildOptions(std::vector<std::string> argv_, std::vector<std::pair<std::string, std::string>> extra_env_ = {})
      : argv(std::move(argv_)), extra_env(std::move(extra_env_)) {}

  std::vector<std::string> argv;  // argv[0] is the executable's path (no PATH search)
  std::vector<std::pair<std::string, std::string>> extra_env;  // added to (or replacing in) this process's env
  std::vector<std::string> removed_env;                        // names taken out of the inherited env
  std::optional<std::filesystem::path> working_dir;
  std::optional<std::string> stdin_text;  // fed on stdin; /dev/null when absent
  std::optional<rlim_t> open_files_limit;  // `ulimit -n` (soft and hard RLIMIT_NOFILE) of the child; inherited when absent
};

struct ExitStatus {
  bool exited = false;  // true: exit_code is valid; false: killed by term_signal
  int exit_code = -1;
  int term_signal = 0;
  bool core_dumped = false;  // killed by a signal and the kernel wrote (or piped) a core dump
  friend bool operator==(const ExitStatus&, const ExitStatus&) = default;
  [[nodiscard]] std::string describe() const;  // "exit code 2", "signal 15 (Terminated)"
};

class ChildProcess;

// How a run of the binary ended and what it printed, as the end-to-end tests check it.
struct RunResult {
  ExitStatus status;  // a default ExitStatus when the run did not end in time
  std::string out;
  std::string err;
  [[nodiscard]] int code() const { return status.exited ? status.exit_code : 128 + status.term_signal; }
};

// `status` is what wait() returned (nullopt: still running); the output is what the process printed so far.
RunResult collect(const ChildProcess& process, const std::optional<ExitStatus>& status);

class ChildProcess {
 public:
  // Starts the process; throws std::runtime_error naming argv[0] when it cannot be started (exec failure included).
  explicit ChildProcess(ChildOptions options);
  // Kills (SIGKILL) and reaps the process if it is still running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  // The exit status once the process ends, or nullopt if it is still running after timeout.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  void send_signal(int signal_number);
  [[nodiscard]] bool running();

  [[nodiscard]] std::string stdout_text() const;
  [[nodiscard]] std::string stderr_text() const;
  [[nodiscard]] const std::filesystem::path& stdout_path() const { return stdout_path_; }
  [[nodiscard]] const std::filesystem::path& stderr_path() const { return stderr_path_; }
  // Polls stdout until it contains needle; false after timeout or when the process ended without printing it.
  bool wait_for_stdout(std::string_view needle, std::chrono::milliseconds timeout);
  // The process's peak resident set in KiB (ru_maxrss from wait4), once wait() has seen it end; nullopt before.
  [[nodiscard]] std::optional<long> peak_rss_kib() const { return peak_rss_kib_; }

 private:
  TempDir capture_dir_{"oss-child"};
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  std::optional<ExitStatus> status_;
  std::optional<long> peak_rss_kib_;
};

}  // namespace oss::support
