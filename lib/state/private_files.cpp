#include "state/private_files.hpp"

#include "state/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fmt/format.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>

namespace oss::state {

namespace {
[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};
}  // namespace

void check_private_directory(const std::filesystem::path& folder) {
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) {
    if (errno == ENOENT) return;
    fail("cannot inspect", folder);
  }
  const std::string where = "state_dir " + folder.string();
  if (!S_ISDIR(info.st_mode)) throw UnsafeStateDir(where + " is not a folder");
  if (info.st_uid != ::geteuid())
    throw UnsafeStateDir(where + " belongs to uid " + std::to_string(info.st_uid) + ", not to the user running the " +
                         "sync (uid " + std::to_string(::geteuid()) + "): another user could plant links in it; " +
                         "use a folder of this user's own (chown it, or choose another state_dir)");
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    throw UnsafeStateDir(where + " is writable by group or others (mode " + mode + "): other local users could " +
                         "plant links in it; chmod 700 it, or choose another state_dir");
  }
}

namespace {
// mkdir -p with mode 0700 for what it creates; existing folders (the parents above all) are left as they are.
void create_missing_folders(const std::filesystem::path& folder) {
  if (folder.empty() || std::filesystem::is_directory(folder)) return;
  create_missing_folders(folder.parent_path());
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) fail("cannot create folder", folder);
}
}  // namespace

void ensure_private_directory(const std::filesystem::path& folder) {
  create_missing_folders(folder);
  check_private_directory(folder);
}

void write_private_file_atomically(const std::filesystem::path& file, std::string_view content) {
  ensure_private_directory(file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path());
  AtomicFile out(file);
  out.write(content);
  out.commit();
}

std::optional<std::string> read_private_file(const std::filesystem::path& file) {
  const FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw UntrustedFile(fmt::format("{}: cannot open: {}", file.string(), std::generic_category().message(errno)));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) throw UntrustedFile(file.string() + ": not a regular file");
  if (info.st_uid != ::geteuid())
    throw UntrustedFile(fmt::format("{}: owned by uid {}, not by this user (uid {})", file.string(), info.st_uid, ::geteuid()));
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    throw UntrustedFile(fmt::format("{}: writable by group or others (mode {:04o})", file.string(), info.st_mode & 07777));
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UntrustedFile(fmt::format("{}: cannot read: {}", file.string(), std::generic_category().message(errno)));
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return content;
}

}  // namespace oss::state
