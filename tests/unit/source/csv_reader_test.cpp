#include "source/csv/csv_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "source/source_failure.hpp"
#include "temp_folder.hpp"

namespace oss::source {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::string_literals;

SourceOptions csv_options(OnError on_error = OnError::fail) {
  SourceOptions options;
  options.type = SourceType::csv;
  options.on_error = on_error;
  return options;
}

snapshot::Snapshot read(std::string_view text, const SourceOptions& options = csv_options()) {
  return read_csv_text(text, "users.csv", options);
}

// The errors of a failed read as printed; empty when the read succeeded.
std::vector<std::string> errors_of(std::string_view text, const SourceOptions& options = csv_options()) {
  try {
    read(text, options);
  } catch (const SourceFailure& failure) {
    std::vector<std::string> lines;
    for (const auto& error : failure.errors) lines.push_back(error.to_string());
    return lines;
  }
  return {};
}

model::User user(std::string name, std::string display, bool active = true) {
  model::User u;
  u.user_name = std::move(name);
  u.display_name = std::move(display);
  u.active = active;
  return u;
}

struct ErrorCase {
  std::string name;
  std::string text;
  std::string error;
};

class CsvReaderErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CsvReaderErrors, NamesFileLineColumnAndProblem) {
  EXPECT_THAT(errors_of(GetParam().text), ElementsAre(GetParam().error));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CsvReaderErrors,
    ::testing::Values(
        ErrorCase{"invalid_utf8", "userName,displayName\nada@example.com,Ad\xE9\n",
                  "users.csv:2: column \"displayName\": invalid UTF-8 at byte 3"},
        ErrorCase{"invalid_utf8_in_ignored_column", "userName,notes\nada@example.com,\xFF\n",
                  "users.csv:2: column \"notes\": invalid UTF-8 at byte 1"},
        ErrorCase{"nul_byte", "userName,displayName\nada@example.com,A\0a\n"s,
                  "users.csv:2: column \"displayName\": NUL byte at byte 2"},
        ErrorCase{"bom_in_the_middle", "userName\nada@example.com\n\xEF\xBB\xBF" "bob@example.com\n",
                  "users.csv:3: column \"userName\": byte order mark (U+FEFF) at byte 1 (two files joined together?)"},
        ErrorCase{"unterminated_quote", "userName,displayName\nada@example.com,\"Ada\nbob@example.com,Bob\n",
                  "users.csv:2: column \"displayName\": the quoted field opened on this line is never closed"},
        ErrorCase{"unterminated_quote_in_header", "userName,\"display\n",
                  "users.csv:1: the quoted field opened on this line is never closed"},
        ErrorCase{"too_many_fields", "userName,displayName\nada@example.com,Ada,extra\n",
                  "users.csv:2: the row has 3 fields, the header has 2"},
        ErrorCase{"too_few_fields", "userName,displayName\n\nada@example.com\n",
                  "users.csv:3: the row has 1 fields, the header has 2"},
        ErrorCase{"missing_user_name_column", "email,displayName\nada@example.com,Ada\n",
                  "users.csv:1: column \"userName\": not in the header (userName is required; source.columns can "
                  "map it to another header); the header has: email, displayName"},
        ErrorCase{"invalid_email", "userName\nada\n", "users.csv:2: column \"userName\": not an email address: \"ada\""},
        // Identity fields refuse what would show people another address than the one stored; the message
        // shows the value escaped, so it cannot spoof or break the line it is logged in.
        ErrorCase{"bidi_override_in_user_name", "userName\nada\xE2\x80\xAEmoc.elpmaxe@x.co\n",
                  "users.csv:2: column \"userName\": not an email address: \"ada\\u{202e}moc.elpmaxe@x.co\""},
        ErrorCase{"c1_control_in_user_name", "userName\nada\xC2\x9B" "2J@example.com\n",
                  "users.csv:2: column \"userName\": not an email address: \"ada\\u{9b}2J@example.com\""},
        ErrorCase{"quoted_newline_in_user_name", "userName\n\"x\n2099-01-01 info forged\"\n",
                  "users.csv:2: column \"userName\": not an email address: \"x\\n2099-01-01 info forged\""},
        ErrorCase{"empty_user_name", "userName,displayName\n,Ada\n",
                  "users.csv:2: column \"userName\": not an email address: \"\""},
        ErrorCase{"invalid_active", "userName,active\nada@example.com,maybe\n",
                  "users.csv:2: column \"active\": expected true/false, yes/no or 1/0, got \"maybe\" (source.active_map can map HR words, e.g. {Active: true, Terminated: false})"},
        ErrorCase{"duplicate_user_name", "userName\nAda@Example.com\nbob@example.com\n ada@example.com \n",
                  "users.csv:4: column \"userName\": userName \"ada@example.com\" appears twice: also at users.csv:2"},
        ErrorCase{"text_after_closing_quote", "userName,displayName\nada@example.com,\"Ada\" L\n",
                  "users.csv:2: column \"displayName\": text after the closing quote (a quote inside a quoted "
                  "field is written twice: \"\")"},
        ErrorCase{"empty_file", "", "users.csv: the file is empty: a header row is required"},
        ErrorCase{"only_blank_lines", "\n\r\n\n", "users.csv: the file is empty: a header row is required"},
        ErrorCase{"header_repeats_a_used_column", "userName,x,userName\na@example.com,1,b@example.com\n",
                  "users.csv:1: column \"userName\": appears twice in the header (columns 1 and 3), so userName "
                  "is ambiguous"},
        ErrorCase{"invalid_utf8_in_header", "userName,dis\xC3\n",
                  "users.csv:1: header field 2: invalid UTF-8 at byte 4"}),
    [](const auto& info) { return info.param.name; });

TEST(CsvReader, ReportsEveryProblemOfARowAndOfEveryRow) {
  EXPECT_THAT(errors_of("userName,active\nada,perhaps\nok@example.com,yes\nbob@example.com,2\n"),
              ElementsAre("users.csv:2: column \"userName\": not an email address: \"ada\"",
                          "users.csv:2: column \"active\": expected true/false, yes/no or 1/0, got \"perhaps\" (source.active_map can map HR words, e.g. {Active: true, Terminated: false})",
                          "users.csv:4: column \"active\": expected true/false, yes/no or 1/0, got \"2\" (source.active_map can map HR words, e.g. {Active: true, Terminated: false})"));
}

TEST(CsvReader, EveryLaterCopyOfAUserNameNamesTheFirst) {
  EXPECT_THAT(errors_of("userName\nada@example.com\nbad\nADA@example.com\nAda@Example.com\n"),
              ElementsAre("users.csv:3: column \"userName\": not an email address: \"bad\"",
                          "users.csv:4: column \"userName\": userName \"ADA@example.com\" appears twice: also at "
                          "users.csv:2",
                          "users.csv:5: column \"userName\": userName \"Ada@Example.com\" appears twice: also at "
                          "users.csv:2"));
}

TEST(CsvReader, FailureMessageListsTheErrors) {
  try {
    read("userName\nada\nbob\n");
    FAIL() << "expected a SourceFailure";
  } catch (const SourceFailure& failure) {
    EXPECT_STREQ(failure.what(),
                 "users.csv:2: column \"userName\": not an email address: \"ada\"\n"
                 "users.csv:3: column \"userName\": not an email address: \"bob\"");
  }
}

TEST(CsvReader, FailPolicyStopsAfterTheErrorLimit) {
  std::string text = "userName\n";
  for (int i = 0; i < 50; ++i) text += "not-an-email-" + std::to_string(i) + "\n";
  try {
    read(text);
    FAIL() << "expected a SourceFailure";
  } catch (const SourceFailure& failure) {
    EXPECT_EQ(failure.errors.size(), SnapshotBuilder::kMaxErrors);
    EXPECT_THAT(failure.what(), HasSubstr("\n(and 10 more)\n(stopped at 20 errors; the source may hold more)"));
    EXPECT_EQ(failure.errors.front().line, 2u);
  }
}

TEST(CsvReader, QuotedFieldsFromAFile) {
  const auto snapshot = read_csv_file(OSS_TEST_DATA_DIR "/source/quoted.csv", csv_options());
  ASSERT_EQ(snapshot.users.size(), 3u);
  EXPECT_TRUE(snapshot.complete());
  EXPECT_EQ(snapshot.origin, OSS_TEST_DATA_DIR "/source/quoted.csv");

  auto ada = user("ada@example.com", "Lovelace, Ada");
  ada.attributes.set("region", std::string("eu-west"));
  ada.attributes.set("note", std::string("first line\nsecond line"));
  auto grace = user("grace@example.com", "Grace \"Amazing\" Hopper", false);
  grace.attributes.set("region", std::string("us-east"));  // the empty note is not set
  auto alan = user("alan@example.com", "Alan Turing", true);
  alan.attributes.set("region", std::string("eu-west"));
  alan.attributes.set("note", std::string("a, b and \"c\""));
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{ada, grace, alan}));
}

TEST(CsvReader, LineNumbersCountPhysicalLines) {
  // The record after a two-line quoted field is on line 4.
  EXPECT_THAT(errors_of("userName,displayName\nada@example.com,\"A\nB\"\nbad,C\n"),
              ElementsAre("users.csv:4: column \"userName\": not an email address: \"bad\""));
}

TEST(CsvReader, CrLfBomAndSemicolonFromAFile) {
  auto options = csv_options();
  options.delimiter = ';';
  const auto snapshot = read_csv_file(OSS_TEST_DATA_DIR "/source/crlf_bom_semicolon.csv", options);
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{user("ada@example.com", "Ada", true),
                                                      user("bob@example.com", "Bob;\r\nBuilder", false)}));
}

TEST(CsvReader, TabDelimiterAndCustomQuote) {
  auto options = csv_options();
  options.delimiter = '\t';
  options.quote = '\'';
  const auto snapshot = read("userName\tdisplayName\nada@example.com\t'Ada\t''the first'''\n", options);
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{user("ada@example.com", "Ada\t'the first'")}));
}

TEST(CsvReader, ColumnMappingRenamesHeadersAndIgnoresOthers) {
  auto options = csv_options();
  options.columns = {{"userName", "email"}, {"displayName", "full_name"}, {"attributes.region", "Region"}};
  const auto snapshot = read(
      "id,email,full_name,Region,attributes.level,attributes.region,userName\n"
      "7, Ada@Example.com ,Ada Lovelace,eu,3,ignored,ignored\n",
      options);
  auto ada = user("Ada@Example.com", "Ada Lovelace");  // trimmed, case kept
  ada.attributes.set("level", std::string("3"));
  ada.attributes.set("region", std::string("eu"));
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{ada}));
}

TEST(CsvReader, MappedColumnMustExist) {
  auto options = csv_options();
  options.columns = {{"displayName", "full_name"}};
  EXPECT_THAT(errors_of("userName\nada@example.com\n", options),
              ElementsAre("users.csv:1: column \"full_name\": not in the header (source.columns maps displayName to "
                          "it); the header has: userName"));
}

TEST(CsvReader, AMappedHeaderInTheWrongCaseGetsTheRightOneSuggested) {
  auto options = csv_options();
  options.columns = {{"userName", "work email"}};
  EXPECT_THAT(errors_of("Work Email\nada@example.com\n", options),
              ElementsAre("users.csv:1: column \"work email\": not in the header (source.columns maps userName to "
                          "it); the header has: Work Email; did you mean \"Work Email\"? (headers are matched exactly, "
                          "case included)"));
}

TEST(CsvReader, UnknownFieldInColumnMapping) {
  auto options = csv_options();
  options.columns = {{"usrName", "email"}};
  EXPECT_THAT(errors_of("userName\nada@example.com\n", options),
              ElementsAre("users.csv: column \"usrName\": source.columns names an unknown user field (expected "
                          "userName, displayName, active, groups or attributes.<reference>)"));
}

TEST(CsvReader, DisplayNameDefaultsToTheLocalPartOfTheEmail) {
  const auto snapshot = read("userName,displayName\nada.lovelace@example.com,\nbob@example.com,  \n");
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{user("ada.lovelace@example.com", "ada.lovelace"),
                                                      user("bob@example.com", "bob")}));
  EXPECT_EQ(read("userName\ncarol@example.com\n").users, (std::vector<model::User>{user("carol@example.com", "carol")}));
}

struct ActiveCase {
  std::string text;
  bool active;
};

class CsvReaderActive : public ::testing::TestWithParam<ActiveCase> {};

TEST_P(CsvReaderActive, AcceptsCommonSpellings) {
  const auto snapshot = read("userName,active\nada@example.com," + GetParam().text + "\n");
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].active, GetParam().active);
}

INSTANTIATE_TEST_SUITE_P(Table, CsvReaderActive,
                         ::testing::Values(ActiveCase{"true", true}, ActiveCase{"TRUE", true}, ActiveCase{"Yes", true},
                                           ActiveCase{"1", true}, ActiveCase{" true ", true},
                                           ActiveCase{"false", false}, ActiveCase{"False", false},
                                           ActiveCase{"NO", false}, ActiveCase{"0", false}));

TEST(CsvReader, SkipPolicyLeavesInvalidRowsOutAndRecordsThem) {
  const auto snapshot = read("userName,active\nada@example.com,yes\nbad,yes\ncarol@example.com,maybe\n"
                             "dave@example.com,no\nextra@example.com,1,2\n",
                             csv_options(OnError::skip));
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{user("ada@example.com", "ada"), user("dave@example.com", "dave", false)}));
  EXPECT_FALSE(snapshot.complete());
  std::vector<std::string> skipped;
  for (const auto& error : snapshot.skipped) skipped.push_back(error.to_string());
  EXPECT_THAT(skipped, ElementsAre("users.csv:3: column \"userName\": not an email address: \"bad\"",
                                   "users.csv:4: column \"active\": expected true/false, yes/no or 1/0, got \"maybe\" (source.active_map can map HR words, e.g. {Active: true, Terminated: false})",
                                   "users.csv:6: the row has 3 fields, the header has 2"));
}

TEST(CsvReader, SkipPolicyDropsEveryCopyOfADuplicate) {
  const auto snapshot =
      read("userName\nada@example.com\nbob@example.com\nADA@example.com\ncarol@example.com\n", csv_options(OnError::skip));
  EXPECT_EQ(snapshot.users, (std::vector<model::User>{user("bob@example.com", "bob"), user("carol@example.com", "carol")}));
  std::vector<std::string> skipped;
  for (const auto& error : snapshot.skipped) skipped.push_back(error.to_string());
  EXPECT_THAT(skipped,
              ElementsAre("users.csv:2: column \"userName\": userName \"ada@example.com\" appears twice: also at "
                          "users.csv:4; both skipped",
                          "users.csv:4: column \"userName\": userName \"ADA@example.com\" appears twice: also at "
                          "users.csv:2; both skipped"));
}

TEST(CsvReader, FileLevelErrorsThrowEvenUnderSkip) {
  EXPECT_THROW(read("", csv_options(OnError::skip)), SourceFailure);
  EXPECT_THROW(read("email\nada@example.com\n", csv_options(OnError::skip)), SourceFailure);
  EXPECT_THROW(read("userName\n\"ada@example.com\n", csv_options(OnError::skip)), SourceFailure);
}

TEST(CsvReader, MissingFileNamesIt) {
  testing::TempFolder folder;
  const auto missing = folder.path() / "nope.csv";
  try {
    read_csv_file(missing, csv_options());
    FAIL() << "expected a SourceFailure";
  } catch (const SourceFailure& failure) {
    EXPECT_EQ(failure.errors.at(0).to_string(), missing.string() + ": cannot open: No such file or directory");
  }
}

TEST(CsvReader, RandomBodiesGiveUsersOrSourceErrorsOnly) {
  std::mt19937 random(1128);  // fixed seed: a failure can be replayed
  const std::vector<std::string> pieces = {"a@b.co", "X@Y.ORG", ",", "\"", "\n", "\r\n", "yes", "no", "maybe", " ",
                                           std::string("\0", 1), "\xEF\xBB\xBF", "\xC3", "\xC3\xA9"};
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 40);
  for (int round = 0; round < 1000; ++round) {
    std::string text = "userName,active\n";
    for (std::size_t n = length(random); n > 0; --n) text += pieces[pick(random)];
    for (const OnError policy : {OnError::fail, OnError::skip}) {
      try {
        const auto snapshot = read(text, csv_options(policy));
        for (const auto& u : snapshot.users) EXPECT_TRUE(model::looks_like_email(u.user_name)) << u.user_name;
        if (policy == OnError::fail) {
          EXPECT_TRUE(snapshot.complete());
        }
      } catch (const SourceFailure& failure) {
        EXPECT_FALSE(failure.errors.empty());
        for (const auto& error : failure.errors) EXPECT_EQ(error.file, "users.csv");
      }
    }
  }
}

TEST(CsvReader, LargeFileStreamsThroughManyChunks) {
  testing::TempFolder folder;
  std::string text = "userName,displayName,active,attributes.region\n";
  constexpr int kRows = 100'000;  // about 5 MB: several 1 MiB chunks, records cut at chunk ends
  for (int i = 0; i < kRows; ++i)
    text += "user" + std::to_string(i) + "@example.com,\"User, " + std::to_string(i) + "\"," +
            (i % 3 ? "true" : "false") + ",eu-" + std::to_string(i % 7) + "\n";
  const auto file = folder.write("big.csv", text);
  const auto snapshot = read_csv_file(file, csv_options());
  ASSERT_EQ(snapshot.users.size(), static_cast<std::size_t>(kRows));
  const auto& last = snapshot.users.back();
  EXPECT_EQ(last.user_name, "user99999@example.com");
  EXPECT_EQ(last.display_name, "User, 99999");
  EXPECT_EQ(last.active, false);  // 99999 is a multiple of 3
  EXPECT_EQ(std::get<std::string>(*last.attributes.find("region")), "eu-" + std::to_string(99999 % 7));
}

}  // namespace
}  // namespace oss::source
