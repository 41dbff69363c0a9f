#pragma once
// A fresh directory under $TMPDIR (or /tmp), removed with everything in it when the object goes away.
#include <filesystem>
#include <string>

namespace oss::support {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "oss-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& child) const { return path_ / child; }

 private:
  std::filesystem::path path_;
};

}  // namespace oss::support
