#include "source/file_stamp.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "source/source_failure.hpp"

namespace oss::source {

FileStamp stamp_file(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0)
    throw SourceFailure(snapshot::SourceError{path.string(), 0, "", std::string("cannot read: ") + std::strerror(errno)});
  constexpr std::int64_t kNanosecondsPerSecond = 1'000'000'000;
  return FileStamp{path,
                   static_cast<std::uint64_t>(status.st_dev),
                   static_cast<std::uint64_t>(status.st_ino),
                   static_cast<std::int64_t>(status.st_size),
                   status.st_mtim.tv_sec * kNanosecondsPerSecond + status.st_mtim.tv_nsec,
                   status.st_ctim.tv_sec * kNanosecondsPerSecond + status.st_ctim.tv_nsec};
}

}  // namespace oss::source
