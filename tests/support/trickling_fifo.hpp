#pragma once
// A named pipe a reader takes for a file that never ends: a source read that blocks for as long as the test
// likes, however fast the build, without gigabytes on disk. The header is written at once, then one more line
// every `period` until the object goes away; the reader then sees the end of the file.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace oss::support {

class TricklingFifo {
 public:
  // Creates the pipe at `path` and opens it read-write, so that neither this side nor the reader waits in open().
  // Throws std::runtime_error when the pipe cannot be made.
  TricklingFifo(std::filesystem::path path, std::string header, std::function<std::string(std::size_t)> line,
                std::chrono::milliseconds period);
  ~TricklingFifo();
  TricklingFifo(const TricklingFifo&) = delete;
  TricklingFifo& operator=(const TricklingFifo&) = delete;

  // Whether process `pid` has the pipe open (one of its /proc/<pid>/fd links names it): the read has begun.
  [[nodiscard]] bool is_open_in(pid_t pid) const;

 private:
  std::filesystem::path path_;
  std::filesystem::path resolved_;
  int fd_ = -1;
  std::jthread writer_;
};

}  // namespace oss::support
