#include "support/child_process.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "support/file_io.hpp"

extern char** environ;

namespace oss::support {
namespace {

std::vector<std::string> child_environment(const ChildOptions& options) {
  auto overridden = [&](std::string_view entry) {
    std::string_view name = entry.substr(0, entry.find('='));
    for (const auto& removed : options.removed_env)
      if (name == removed) return true;
    for (const auto& [key, value] : options.extra_env)
      if (name == key) return true;
    return false;
  };
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry)
    if (!overridden(*entry)) env.emplace_back(*entry);
  for (const auto& [key, value] : options.extra_env) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

ExitStatus decode(int raw) {
  ExitStatus status;
  if (WIFEXITED(raw)) {
    status.exited = true;
    status.exit_code = WEXITSTATUS(raw);
  } else if (WIFSIGNALED(raw)) {
    status.term_signal = WTERMSIG(raw);
    status.core_dumped = WCOREDUMP(raw);
  }
  return status;
}

}  // namespace

RunResult collect(const ChildProcess& process, const std::optional<ExitStatus>& status) {
  return RunResult{status.value_or(ExitStatus{}), process.stdout_text(), process.stderr_text()};
}

std::string ExitStatus::describe() const {
  if (exited) return "exit code " + std::to_string(exit_code);
  return "signal " + std::to_string(term_signal) + " (" + strsignal(term_signal) + ")";
}

ChildProcess::ChildProcess(ChildOptions options)
    : stdout_path_(capture_dir_ / "stdout"), stderr_path_(capture_dir_ / "stderr") {
  if (options.argv.empty()) throw std::invalid_argument("ChildProcess: argv is empty");
  std::filesystem::path stdin_path = "/dev/null";
  if (options.stdin_text) {
    stdin_path = capture_dir_ / "stdin";
    write_file(stdin_path, *options.stdin_text);
  }
  // Everything the child needs is prepared before fork: between fork and exec only async-signal-safe calls
  // are allowed, because the test process has other threads (a fake server, say).
  std::vector<std::string> args = options.argv;
  std::vector<std::string> env = child_environment(options);
  std::vector<char*> argv = pointers(args);
  std::vector<char*> envp = pointers(env);
  std::string working_dir = options.working_dir ? options.working_dir->string() : std::string();
  int in_fd = ::open(stdin_path.c_str(), O_RDONLY | O_CLOEXEC);
  int out_fd = ::open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int exec_error[2] = {-1, -1};  // the child writes errno here if exec fails; closed by a successful exec
  if (in_fd < 0 || out_fd < 0 || err_fd < 0 || ::pipe2(exec_error, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("ChildProcess: cannot set up ") + args[0] + ": " + std::strerror(errno));

  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    // The test process may block signals in its own threads; the child must start with a clean mask.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int error = 0;
    if (options.open_files_limit) {
      const rlimit limit{*options.open_files_limit, *options.open_files_limit};
      if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) error = errno;
    }
    if (error == 0 && !working_dir.empty() && ::chdir(working_dir.c_str()) != 0) error = errno;
    if (error == 0) {
      ::execve(argv[0], argv.data(), envp.data());
      error = errno;
    }
    [[maybe_unused]] auto ignored = ::write(exec_error[1], &error, sizeof error);
    ::_exit(127);
  }
  int fork_errno = errno;
  ::close(in_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::close(exec_error[1]);
  if (pid_ < 0) {
    ::close(exec_error[0]);
    throw std::runtime_error("ChildProcess: fork failed for " + args[0] + ": " + std::strerror(fork_errno));
  }
  int child_errno = 0;
  ssize_t got;
  do got = ::read(exec_error[0], &child_errno, sizeof child_errno);
  while (got < 0 && errno == EINTR);
  ::close(exec_error[0]);
  if (got == static_cast<ssize_t>(sizeof child_errno)) {
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::runtime_error("ChildProcess: cannot run " + args[0] + ": " + std::strerror(child_errno));
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
  }
}

std::optional<ExitStatus> ChildProcess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int raw = 0;
    rusage usage{};
    pid_t done = ::wait4(pid_, &raw, WNOHANG, &usage);
    if (done == pid_) {
      status_ = decode(raw);
      peak_rss_kib_ = usage.ru_maxrss;   // Linux: KiB
      break;
    }
    if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

bool ChildProcess::running() { return !wait(std::chrono::milliseconds(0)).has_value(); }

void ChildProcess::send_signal(int signal_number) {
  // Signalling a reaped pid could hit an unrelated process that reused it.
  if (status_) throw std::logic_error("ChildProcess: the process has already ended");
  if (::kill(pid_, signal_number) != 0) throw std::runtime_error(std::string("kill: ") + std::strerror(errno));
}

std::string ChildProcess::stdout_text() const { return read_file(stdout_path_); }
std::string ChildProcess::stderr_text() const { return read_file(stderr_path_); }

bool ChildProcess::wait_for_stdout(std::string_view needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (stdout_text().find(needle) != std::string::npos) return true;
    if (!running() || std::chrono::steady_clock::now() >= deadline) return stdout_text().find(needle) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace oss::support
