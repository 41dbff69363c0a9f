#include "support/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace oss::support {
namespace {

[[noreturn]] void fail(const char* what, const std::filesystem::path& path) {
  throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

void write_with_mode(const std::filesystem::path& path, std::string_view text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) fail("cannot create", path);
  // O_CREAT's mode only applies to new files; an existing file keeps its mode unless told.
  if (::fchmod(fd, mode) != 0) {
    ::close(fd);
    fail("cannot chmod", path);
  }
  while (!text.empty()) {
    ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      fail("cannot write", path);
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::close(fd) != 0) fail("cannot close", path);
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open", path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const std::filesystem::path& path, std::string_view text) { write_with_mode(path, text, 0644); }

void write_private_file(const std::filesystem::path& path, std::string_view text) {
  write_with_mode(path, text, 0600);
}

}  // namespace oss::support
