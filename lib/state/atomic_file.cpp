#include "state/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace oss::state {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path);
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path file) : file_(std::move(file)), temporary_(file_.string() + ".XXXXXX") {
  // mkostemp: O_CREAT | O_EXCL with a random name and mode 0600.
  fd_ = ::mkostemp(temporary_.data(), O_CLOEXEC);
  if (fd_ < 0) fail("cannot create a temporary file beside", file_.string());
  buffer_.reserve(kBufferBytes);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temporary_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kBufferBytes) flush();
  if (bytes.size() >= kBufferBytes) write_all(bytes);
  else buffer_.append(bytes);
}

void AtomicFile::flush() {
  write_all(buffer_);
  buffer_.clear();
}

void AtomicFile::write_all(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", temporary_);
    done += static_cast<std::size_t>(n);
  }
}

void AtomicFile::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("cannot sync", temporary_);
  ::close(fd_);
  fd_ = -1;
  if (::rename(temporary_.c_str(), file_.c_str()) != 0) fail("cannot replace", file_.string());
  committed_ = true;
  const auto folder = file_.parent_path().empty() ? std::filesystem::path(".") : file_.parent_path();
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace oss::state
