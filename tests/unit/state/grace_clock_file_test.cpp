// The grace clock file: a round trip, and every kind of file that must not be trusted is reported, never thrown
// and never half-read (a clock that cannot be trusted restarts grace periods; it must not shorten one).
#include <sys/stat.h>

#include <gmock/gmock.h>

#include <filesystem>

#include "model/utc_time.hpp"
#include "state/grace_clock_file.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"

namespace oss::state {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::chrono::sys_days day(const char* text) {
  std::chrono::sys_days parsed;
  EXPECT_TRUE(model::parse_day(text, parsed)) << text;
  return parsed;
}

class GraceClockFile : public ::testing::Test {
 protected:
  fs::path file() const { return dir_ / kGraceClockFile; }
  void write(const std::string& text) {
    support::write_file(file(), text);
    fs::permissions(file(), fs::perms::owner_read | fs::perms::owner_write);
  }
  support::TempDir dir_{"oss-grace-clock"};
};

TEST_F(GraceClockFile, RoundTripsAndIsPrivate) {
  const std::vector<MissedPerson> people = {{"17", "ada@x.co", day("2026-12-04")}, {"a-b", "b\"o\nb@x.co", day("2024-02-29")}};
  save_grace_clock(dir_.path(), people);
  struct stat info {};
  ASSERT_EQ(::stat(file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const LoadedGraceClock loaded = load_grace_clock(dir_.path());
  EXPECT_TRUE(loaded.found);
  EXPECT_EQ(loaded.problem, "");
  EXPECT_EQ(loaded.people, people);
  EXPECT_THAT(support::read_file(file()), HasSubstr(R"("firstMissed":"2026-12-04")"));
}

TEST_F(GraceClockFile, AMissingFileIsNoProblem) {
  const LoadedGraceClock loaded = load_grace_clock(dir_.path());
  EXPECT_FALSE(loaded.found);
  EXPECT_EQ(loaded.problem, "");
  EXPECT_TRUE(loaded.people.empty());
}

TEST_F(GraceClockFile, ContentThatCannotBeTrustedIsReportedAndNothingOfItIsKept) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"format\":\"omni-scim-sync grace clock\",\"version\":1,\"gone\":[{\"id\":\"1\",", "not valid JSON"},
      {"[]", "expected a JSON object"},
      {R"({"format":"something else","version":1,"gone":[]})", "\"format\""},
      {R"({"format":"omni-scim-sync grace clock","version":2,"gone":[]})", "\"version\" is not 1"},
      {R"({"format":"omni-scim-sync grace clock","version":1,"gone":[{"id":"1","userName":"a@x.co","firstMissed":"2026-12-04"},)"
       R"({"id":"2","userName":"b@x.co","firstMissed":"2026-02-30"}]})",
       "gone[1]: \"firstMissed\" is not a date (YYYY-MM-DD): \"2026-02-30\""},
      {R"({"format":"omni-scim-sync grace clock","version":1,"gone":[{"userName":"a@x.co","firstMissed":"2026-12-04"}]})",
       "gone[0]: \"id\" must be a non-empty string"},
  };
  for (const auto& [text, expected] : cases) {
    write(text);
    const LoadedGraceClock loaded = load_grace_clock(dir_.path());
    EXPECT_TRUE(loaded.found) << text;
    EXPECT_THAT(loaded.problem, HasSubstr(file().string())) << text;
    EXPECT_THAT(loaded.problem, HasSubstr(expected)) << text;
    EXPECT_TRUE(loaded.people.empty()) << text;
  }
}

TEST_F(GraceClockFile, ALinkOrAFileOthersMayWriteIsNotTrusted) {
  save_grace_clock(dir_.path(), std::vector<MissedPerson>{{"1", "a@x.co", day("2026-01-01")}});
  fs::permissions(file(), fs::perms::group_write, fs::perm_options::add);
  EXPECT_THAT(load_grace_clock(dir_.path()).problem, HasSubstr("writable by group or others"));

  fs::rename(file(), dir_ / "elsewhere.json");
  fs::permissions(dir_ / "elsewhere.json", fs::perms::group_write, fs::perm_options::remove);
  fs::create_symlink(dir_ / "elsewhere.json", file());
  const LoadedGraceClock linked = load_grace_clock(dir_.path());
  EXPECT_TRUE(linked.found);
  EXPECT_THAT(linked.problem, HasSubstr("cannot open"));
  EXPECT_TRUE(linked.people.empty());
}

}  // namespace
}  // namespace oss::state
