#pragma once
// A file that appears whole or not at all: written piece by piece to a temporary file beside it (created O_EXCL
// with an unpredictable name and mode 0600, so a planted link is never followed), then synced and renamed into
// place. Until commit() nothing is visible; dropping the object without commit() removes the temporary file.
// For files too large to build in memory first (a plan file at a million people).
#include <filesystem>
#include <string>
#include <string_view>

namespace oss::state {

class AtomicFile {
 public:
  // Throws std::system_error naming the file.
  explicit AtomicFile(std::filesystem::path file);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Buffered; throws std::system_error naming the temporary file.
  void write(std::string_view bytes);
  // Flushes, syncs, renames into place and syncs the folder.
  void commit();

 private:
  void flush();
  void write_all(std::string_view bytes);

  std::filesystem::path file_;
  std::string temporary_;
  int fd_ = -1;
  std::string buffer_;
  bool committed_ = false;
};

}  // namespace oss::state
