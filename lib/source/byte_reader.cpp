#include "source/byte_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "source/source_failure.hpp"

namespace oss::source {

namespace {
[[noreturn]] void fail(const std::string& file, const std::string& what, int error_number) {
  throw SourceFailure(snapshot::SourceError{file, 0, "", what + ": " + std::strerror(error_number)});
}
}  // namespace

FileByteReader::FileByteReader(const std::filesystem::path& file) : name_(file.string()) {
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail(name_, "cannot open", errno);
  struct stat status {};
  if (::fstat(fd_, &status) == 0 && S_ISREG(status.st_mode)) size_ = static_cast<std::size_t>(status.st_size);
  // The tokenizer reads front to back once: let the kernel read ahead generously.
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileByteReader::~FileByteReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileByteReader::read(char* destination, std::size_t capacity) {
  for (;;) {
    const ssize_t n = ::read(fd_, destination, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    // EISDIR lands here too: "cannot read: Is a directory" says what is wrong.
    fail(name_, "cannot read", errno);
  }
}

std::size_t TextByteReader::read(char* destination, std::size_t capacity) {
  const std::size_t n = std::min(capacity, rest_.size());
  if (n == 0) return 0;
  std::memcpy(destination, rest_.data(), n);
  rest_.remove_prefix(n);
  return n;
}

}  // namespace oss::source
