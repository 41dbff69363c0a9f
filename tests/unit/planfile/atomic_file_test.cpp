// A file written piece by piece appears whole or not at all.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "state/atomic_file.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::state {
namespace {

TEST(AtomicFile, NothingIsVisibleBeforeCommitAndNothingIsLeftWithoutIt) {
  support::TempDir dir("oss-atomic");
  const auto file = dir / "plan.json";
  {
    AtomicFile out(file);
    out.write("half");
    EXPECT_FALSE(std::filesystem::exists(file));
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "the temporary file was left behind";
}

TEST(AtomicFile, PiecesLargerAndSmallerThanTheBufferArriveInOrderWithMode0600) {
  support::TempDir dir("oss-atomic");
  const auto file = dir / "plan.json";
  support::write_file(file, "old");
  std::string expected;
  AtomicFile out(file);
  for (int i = 0; i < 3000; ++i) {
    const std::string piece = std::string(static_cast<std::size_t>(i % 500 == 0 ? 1500000 : 37), static_cast<char>('a' + i % 26));
    out.write(piece);
    expected += piece;
  }
  EXPECT_EQ(support::read_file(file), "old");
  out.commit();
  EXPECT_EQ(support::read_file(file), expected);
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace oss::state
