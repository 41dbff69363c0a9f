#include "state/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fmt/format.h>
#include <system_error>

#include "model/utc_time.hpp"
#include "state/private_files.hpp"

namespace oss::state {

RunLock::RunLock(const std::filesystem::path& state_dir, const std::string& what) {
  ensure_private_directory(state_dir);
  const auto file = state_dir / "lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open lock file " + file.string());
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char holder[256] = {};
    const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    if (error != EWOULDBLOCK) throw std::system_error(error, std::generic_category(), "cannot lock " + file.string());
    std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string("another process");
    while (!who.empty() && (who.back() == '\n' || who.back() == '\0')) who.pop_back();
    throw LockHeld("another run holds " + file.string() + " (" + who + "); try again when it has finished");
  }
  // Who holds it, for the next one to read. Written after locking, so it always names the holder.
  const std::string holder =
      fmt::format("pid {}, {}, since {}\n", ::getpid(), what, model::utc_timestamp(std::chrono::system_clock::now()));
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] auto written = ::pwrite(fd_, holder.data(), holder.size(), 0);
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace oss::state
