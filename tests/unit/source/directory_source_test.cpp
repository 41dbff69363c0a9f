#include "source/records/directory_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "source/csv/csv_source.hpp"
#include "source/records/directory_listing.hpp"
#include "temp_folder.hpp"

namespace oss::source {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

class DirectorySourceTest : public ::testing::Test {
 protected:
  SourceOptions options(OnError on_error = OnError::fail) const {
    SourceOptions o;
    o.type = SourceType::directory;
    o.path = folder_.path();
    o.on_error = on_error;
    return o;
  }
  std::string path_of(const std::string& name) const { return (folder_.path() / name).string(); }

  static std::vector<std::string> names(const snapshot::Snapshot& snapshot) {
    std::vector<std::string> out;
    for (const auto& user : snapshot.users) out.push_back(user.user_name);
    return out;
  }

  std::vector<std::string> errors_of(Source& source) const {
    try {
      source.read();
    } catch (const SourceFailure& failure) {
      std::vector<std::string> lines;
      for (const auto& error : failure.errors) lines.push_back(error.to_string());
      return lines;
    }
    return {};
  }

  testing::TempFolder folder_;
};

TEST_F(DirectorySourceTest, MergesCsvJsonAndYamlInNameOrder) {
  folder_.write("b.json", R"([{"userName": "json@example.com", "attributes": {"level": 2}}])");
  folder_.write("a.csv", "userName,attributes.region\ncsv@example.com,eu\n");
  folder_.write("c.yaml", "userName: yaml@example.com\n");
  folder_.write("d.YML", "- userName: yml@example.com\n");
  const auto snapshot = make_source(options())->read();
  EXPECT_THAT(names(snapshot), ElementsAre("csv@example.com", "json@example.com", "yaml@example.com", "yml@example.com"));
  EXPECT_EQ(snapshot.origin, folder_.path().string());
  EXPECT_EQ(std::get<double>(*snapshot.users[1].attributes.find("level")), 2.0);
  EXPECT_EQ(std::get<std::string>(*snapshot.users[0].attributes.find("region")), "eu");
}

TEST_F(DirectorySourceTest, IgnoresOtherHiddenAndWorkInProgressFiles) {
  folder_.write("users.csv", "userName\nkept@example.com\n");
  for (const char* name : {".hidden.csv", "users.csv~", "upload.csv.tmp", "upload.csv.part", "README.md", "notes.txt"})
    folder_.write(name, "not users at all \xFF");
  fs::create_directory(folder_.path() / "sub.csv");  // a folder: not a file of users
  folder_.write("sub.csv/inner.csv", "userName\ninner@example.com\n");
  EXPECT_THAT(names(make_source(options())->read()), ElementsAre("kept@example.com"));
}

TEST(DirectoryListing, SourceFileKinds) {
  EXPECT_EQ(source_file_kind("a.csv"), SourceFileKind::csv);
  EXPECT_EQ(source_file_kind("A.CSV"), SourceFileKind::csv);
  EXPECT_EQ(source_file_kind("a.json"), SourceFileKind::json);
  EXPECT_EQ(source_file_kind("a.yaml"), SourceFileKind::yaml);
  EXPECT_EQ(source_file_kind("a.yml"), SourceFileKind::yaml);
  EXPECT_EQ(source_file_kind(".a.csv"), std::nullopt);
  EXPECT_EQ(source_file_kind("a.csv~"), std::nullopt);
  EXPECT_EQ(source_file_kind("a.csv.tmp"), std::nullopt);
  EXPECT_EQ(source_file_kind("a.json.part"), std::nullopt);
  EXPECT_EQ(source_file_kind("a.txt"), std::nullopt);
}

TEST_F(DirectorySourceTest, FollowsSymlinksToFiles) {
  testing::TempFolder elsewhere;
  const auto target = elsewhere.write("real.csv", "userName\nlinked@example.com\n");
  fs::create_symlink(target, folder_.path() / "link.csv");
  EXPECT_THAT(names(make_source(options())->read()), ElementsAre("linked@example.com"));
}

TEST_F(DirectorySourceTest, BrokenSymlinkIsAnErrorNamingIt) {
  fs::create_symlink(folder_.path() / "gone.csv", folder_.path() / "link.csv");
  auto source = make_source(options());
  EXPECT_THAT(errors_of(*source),
              ElementsAre(path_of("link.csv") + ": cannot follow the symbolic link: No such file or directory"));
}

TEST_F(DirectorySourceTest, SymlinkLoopIsAnErrorNamingIt) {
  fs::create_symlink(folder_.path() / "b.json", folder_.path() / "a.json");
  fs::create_symlink(folder_.path() / "a.json", folder_.path() / "b.json");
  auto source = make_source(options());
  EXPECT_THAT(errors_of(*source),
              ElementsAre(path_of("a.json") + ": cannot follow the symbolic link: Too many levels of symbolic links"));
}

TEST_F(DirectorySourceTest, SameUserInTwoFilesNamesBoth) {
  folder_.write("a.csv", "userName\nada@example.com\n");
  folder_.write("b.yaml", "- userName: bob@example.com\n- userName: ADA@example.com\n");
  auto source = make_source(options());
  EXPECT_THAT(errors_of(*source), ElementsAre(path_of("b.yaml") + ":2: column \"userName\": userName "
                                                                   "\"ADA@example.com\" appears twice: also at " +
                                              path_of("a.csv") + ":2"));
}

TEST_F(DirectorySourceTest, UnknownKeyFailsTheRead) {
  folder_.write("a.json", R"({"userName": "ada@example.com", "dispalyName": "Ada"})");
  auto source = make_source(options());
  EXPECT_THAT(errors_of(*source),
              ElementsAre(path_of("a.json") + ":1: column \"dispalyName\": unknown key (a record has userName, "
                                              "displayName, active, attributes and groups)"));
}

TEST_F(DirectorySourceTest, SkipPolicyAcrossFiles) {
  folder_.write("a.csv", "userName\nada@example.com\nbroken\n");
  folder_.write("b.json", R"([{"userName": "ada@example.com"}, {"userName": "bob@example.com"}])");
  const auto snapshot = make_source(options(OnError::skip))->read();
  EXPECT_THAT(names(snapshot), ElementsAre("bob@example.com"));
  std::vector<std::string> skipped;
  for (const auto& error : snapshot.skipped) skipped.push_back(error.to_string());
  EXPECT_THAT(skipped,
              ElementsAre(path_of("a.csv") + ":2: column \"userName\": userName \"ada@example.com\" appears twice: "
                                             "also at " + path_of("b.json") + ":1; both skipped",
                          path_of("a.csv") + ":3: column \"userName\": not an email address: \"broken\"",
                          path_of("b.json") + ":1: column \"userName\": userName \"ada@example.com\" appears twice: "
                                              "also at " + path_of("a.csv") + ":2; both skipped"));
}

TEST_F(DirectorySourceTest, EmptyFolderGivesAnEmptySnapshot) {
  const auto snapshot = make_source(options())->read();
  EXPECT_TRUE(snapshot.users.empty());
  EXPECT_TRUE(snapshot.complete());
}

TEST_F(DirectorySourceTest, MissingFolderIsAnError) {
  auto o = options();
  o.path = folder_.path() / "nowhere";
  auto source = make_source(o);
  EXPECT_THAT(errors_of(*source),
              ElementsAre(path_of("nowhere") + ": cannot list the folder: No such file or directory"));
}

TEST_F(DirectorySourceTest, FileRewrittenDuringTheReadIsReadAgain) {
  folder_.write("a.csv", "userName\nold@example.com\n");
  int calls = 0;
  DirectorySource source(options(), [&](int attempt) {
    ++calls;
    if (attempt == 1) folder_.write("a.csv", "userName\nnew.person@example.com\n");
  });
  EXPECT_THAT(names(source.read()), ElementsAre("new.person@example.com"));
  EXPECT_EQ(calls, 2);
}

TEST_F(DirectorySourceTest, FileAddedDuringTheReadIsIncluded) {
  folder_.write("a.csv", "userName\nada@example.com\n");
  DirectorySource source(options(), [&](int attempt) {
    if (attempt == 1) folder_.write("b.yaml", "userName: bob@example.com\n");
  });
  EXPECT_THAT(names(source.read()), ElementsAre("ada@example.com", "bob@example.com"));
}

TEST_F(DirectorySourceTest, TornReadThatFailedIsRetried) {
  folder_.write("a.json", R"([{"userName": "ada@example.com"}, {"user)");  // a writer caught halfway
  DirectorySource source(options(), [&](int attempt) {
    if (attempt == 1) folder_.write("a.json", R"([{"userName": "ada@example.com"}, {"userName": "b@example.com"}])");
  });
  EXPECT_THAT(names(source.read()), ElementsAre("ada@example.com", "b@example.com"));
}

TEST_F(DirectorySourceTest, FolderThatKeepsChangingGivesUpAfterThreeAttempts) {
  folder_.write("a.csv", "userName\nada@example.com\n");
  int calls = 0;
  std::string content = "userName\nada@example.com\n";
  DirectorySource source(options(), [&](int) {
    ++calls;
    content += "x" + std::to_string(calls) + "@example.com\n";  // a different size every time
    folder_.write("a.csv", content);
  });
  try {
    source.read();
    FAIL() << "expected a SourceFailure";
  } catch (const SourceFailure& failure) {
    EXPECT_EQ(calls, 3);
    ASSERT_EQ(failure.errors.size(), 1u);
    EXPECT_EQ(failure.errors[0].to_string(),
              folder_.path().string() + ": kept changing while it was read (3 attempts; last: " + path_of("a.csv") +
                  " changed); the writer should write a new file and rename it into place");
  }
}

TEST_F(DirectorySourceTest, CsvSourceIsReadConsistentlyToo) {
  const auto file = folder_.write("users.csv", "userName\nold@example.com\n");
  auto o = options();
  o.type = SourceType::csv;
  o.path = file;
  CsvSource source(o, [&](int attempt) {
    if (attempt == 1) folder_.write("users.csv", "userName\nreplacement@example.com\n");
  });
  EXPECT_THAT(names(source.read()), ElementsAre("replacement@example.com"));
}

}  // namespace
}  // namespace oss::source
