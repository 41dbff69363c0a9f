#pragma once
// What a file looked like at one moment, to notice that it changed while it was being read.
#include <cstdint>
#include <filesystem>
#include <string>

namespace oss::source {

struct FileStamp {
  std::filesystem::path path;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;       // a new inode: the file was replaced (editors and `mv` do that)
  std::int64_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;   // ctime moves even when a writer restores mtime
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// stat(2), following symbolic links. Throws SourceFailure naming the file when it cannot be read: a broken link
// ("No such file or directory") and a link loop ("Too many levels of symbolic links") included.
FileStamp stamp_file(const std::filesystem::path& path);

}  // namespace oss::source
