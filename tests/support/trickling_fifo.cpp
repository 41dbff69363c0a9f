#include "support/trickling_fifo.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <system_error>

namespace oss::support {

namespace {
// Lines are far shorter than PIPE_BUF, so a write is whole or refused (EAGAIN: nobody has read the pipe empty yet;
// that line is simply dropped).
void write_line(int fd, const std::string& text) { [[maybe_unused]] const auto n = ::write(fd, text.data(), text.size()); }
}  // namespace

TricklingFifo::TricklingFifo(std::filesystem::path path, std::string header,
                             std::function<std::string(std::size_t)> line, std::chrono::milliseconds period)
    : path_(std::move(path)) {
  if (::mkfifo(path_.c_str(), 0600) != 0)
    throw std::runtime_error("mkfifo " + path_.string() + ": " + std::strerror(errno));
  resolved_ = std::filesystem::canonical(path_);   // as /proc shows it, should the temp folder's path hold a link
  fd_ = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("open " + path_.string() + ": " + std::strerror(errno));
  write_line(fd_, header);
  writer_ = std::jthread([this, line = std::move(line), period](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any paced;
    std::unique_lock lock(mutex);
    for (std::size_t n = 0; !stop.stop_requested(); ++n) {
      write_line(fd_, line(n));
      paced.wait_for(lock, stop, period, [] { return false; });   // the pace of the writer, woken by the stop
    }
  });
}

TricklingFifo::~TricklingFifo() {
  writer_.request_stop();
  writer_.join();
  ::close(fd_);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

bool TricklingFifo::is_open_in(pid_t pid) const {
  std::error_code error;
  const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
  for (std::filesystem::directory_iterator it(fds, error), end; !error && it != end; it.increment(error)) {
    std::error_code unreadable;
    if (std::filesystem::read_symlink(it->path(), unreadable) == resolved_) return true;
  }
  return false;
}

}  // namespace oss::support
