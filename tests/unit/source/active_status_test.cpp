// Who is active: source.active_map and the built-in words, read alike from a CSV column and from JSON/YAML
// records; a blank status is an error unless the map names it; a source with no active column is flagged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "source/active_words.hpp"
#include "source/csv/csv_reader.hpp"
#include "source/records/directory_source.hpp"
#include "source/records/record_file.hpp"
#include "source/source_failure.hpp"
#include "temp_folder.hpp"

namespace oss::source {
namespace {

using ::testing::ElementsAre;

const std::map<std::string, bool> kHrWords = {
    {"Active", true}, {"On Leave", true}, {"Terminated", false}, {"Resigned", false}};

SourceOptions options_with(std::map<std::string, bool> active_map, OnError on_error = OnError::fail) {
  SourceOptions options;
  options.active_map = std::move(active_map);
  options.on_error = on_error;
  return options;
}

// The errors of a failed read as printed; empty when the read succeeded.
template <typename Read>
std::vector<std::string> errors_of(Read read) {
  try {
    read();
  } catch (const SourceFailure& failure) {
    std::vector<std::string> lines;
    for (const auto& error : failure.errors) lines.push_back(error.to_string());
    return lines;
  }
  return {};
}

std::vector<std::string> csv_errors(const std::string& text, const SourceOptions& options) {
  return errors_of([&] { (void)read_csv_text(text, "hr.csv", options); });
}

// --- the map's words, any case and spacing -------------------------------------------------------------------

struct WordCase {
  std::string cell;
  bool active;
};

void PrintTo(const WordCase& c, std::ostream* os) { *os << '"' << c.cell << '"'; }

class MappedCsvCell : public ::testing::TestWithParam<WordCase> {};

TEST_P(MappedCsvCell, ReadsAsTheMapSays) {
  const auto snapshot = read_csv_text("userName,Employment Status\nada@example.com," + GetParam().cell + "\n",
                                      "hr.csv", [] {
                                        auto options = options_with(kHrWords);
                                        options.columns = {{"active", "Employment Status"}};
                                        return options;
                                      }());
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].active, GetParam().active);
}

INSTANTIATE_TEST_SUITE_P(Table, MappedCsvCell,
                         ::testing::Values(WordCase{"Active", true}, WordCase{"active", true},
                                           WordCase{"  ACTIVE\t", true}, WordCase{"on leave", true},
                                           WordCase{"\"  On LEAVE \"", true}, WordCase{"Terminated", false},
                                           WordCase{"TERMINATED ", false}, WordCase{" resigned", false}));

TEST(ActiveWords, MapKeysAreMatchedInTheirTrimmedLowerCaseForm) {
  const ActiveWords words({{"  On Leave ", true}, {"TERMINATED", false}});
  EXPECT_EQ(words.parse("on leave"), true);
  EXPECT_EQ(words.parse("Terminated"), false);
  EXPECT_EQ(words.parse("on  leave"), std::nullopt);  // inner spacing is part of the word
  EXPECT_EQ(active_word_key("  On Leave\t"), "on leave");
}

// --- words the map does not name ------------------------------------------------------------------------------

TEST(ActiveMap, AnUnknownWordIsARowErrorNamingTheValueAndTheKey) {
  auto options = options_with(kHrWords);
  options.columns = {{"active", "Employment Status"}};
  EXPECT_THAT(csv_errors("userName,Employment Status\nada@example.com,Active\nbob@example.com,Retired\n", options),
              ElementsAre("hr.csv:3: column \"Employment Status\": \"Retired\" is not in source.active_map (it maps "
                          "\"Active\", \"On Leave\", \"Resigned\", \"Terminated\")"));
}

TEST(ActiveMap, ReplacesTheBuiltInWords) {
  EXPECT_THAT(csv_errors("userName,active\nada@example.com,true\n", options_with(kHrWords)),
              ElementsAre("hr.csv:2: column \"active\": \"true\" is not in source.active_map (it maps \"Active\", "
                          "\"On Leave\", \"Resigned\", \"Terminated\")"));
}

TEST(ActiveMap, WithoutAMapAnHrWordIsRefusedWithAPointerToTheMap) {
  EXPECT_THAT(csv_errors("userName,active\nada@example.com,Terminated\n", options_with({})),
              ElementsAre("hr.csv:2: column \"active\": expected true/false, yes/no or 1/0, got \"Terminated\" "
                          "(source.active_map can map HR words, e.g. {Active: true, Terminated: false})"));
}

// --- blank cells ----------------------------------------------------------------------------------------------

struct BlankCase {
  std::string name;
  std::map<std::string, bool> active_map;
  std::string error;  // empty: read as `active`
  bool active = false;
};

class BlankCsvCell : public ::testing::TestWithParam<BlankCase> {};

TEST_P(BlankCsvCell, IsAnErrorUnlessTheMapNamesIt) {
  const std::string text = "userName,active\nada@example.com,  \n";
  const auto options = options_with(GetParam().active_map);
  if (!GetParam().error.empty()) {
    EXPECT_THAT(csv_errors(text, options), ElementsAre(GetParam().error));
    return;
  }
  const auto snapshot = read_csv_text(text, "hr.csv", options);
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].active, GetParam().active);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BlankCsvCell,
    ::testing::Values(
        BlankCase{"no_map", {},
                  "hr.csv:2: column \"active\": blank: a blank status is not a decision (write true/false, yes/no or "
                  "1/0, or map \"\" in source.active_map)"},
        BlankCase{"map_without_blank", kHrWords,
                  "hr.csv:2: column \"active\": blank, and source.active_map does not map \"\" (a blank status is "
                  "not a decision: fill it in, or map \"\" to true or false)"},
        BlankCase{"blank_mapped_false", {{"Active", true}, {"", false}}, "", false},
        BlankCase{"blank_mapped_true", {{"Active", true}, {"", true}}, "", true}),
    [](const auto& info) { return info.param.name; });

// --- on_error: skip -------------------------------------------------------------------------------------------

TEST(ActiveMap, UnderSkipARefusedStatusLeavesTheRowOutAndTheSnapshotIncomplete) {
  const auto snapshot = read_csv_text("userName,active\nada@example.com,Active\nbob@example.com,Retired\n"
                                      "carol@example.com,\n",
                                      "hr.csv", options_with(kHrWords, OnError::skip));
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].user_name, "ada@example.com");
  EXPECT_FALSE(snapshot.complete());  // which withholds every deletion (guard::source_health)
  ASSERT_EQ(snapshot.skipped.size(), 2u);
  EXPECT_EQ(snapshot.skipped[0].line, 3u);
  EXPECT_EQ(snapshot.skipped[1].line, 4u);
}

// --- records --------------------------------------------------------------------------------------------------

struct RecordCase {
  std::string name;
  RecordFormat format;
  std::string text;
  std::map<std::string, bool> active_map;
  std::vector<bool> active;         // of the users read, when the read succeeds
  std::vector<std::string> errors;  // otherwise
};

class RecordStatus : public ::testing::TestWithParam<RecordCase> {};

TEST_P(RecordStatus, ReadsLikeACsvColumn) {
  const auto& c = GetParam();
  const char* file = c.format == RecordFormat::json ? "hr.json" : "hr.yaml";
  const auto options = options_with(c.active_map);
  if (!c.errors.empty()) {
    EXPECT_EQ(errors_of([&] { (void)read_record_text(c.text, file, c.format, options); }), c.errors);
    return;
  }
  const auto snapshot = read_record_text(c.text, file, c.format, options);
  std::vector<bool> active;
  for (const auto& user : snapshot.users) active.push_back(user.active);
  EXPECT_EQ(active, c.active);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RecordStatus,
    ::testing::Values(
        RecordCase{"json_mapped_words", RecordFormat::json,
                   R"([{"userName": "a@example.com", "active": " on LEAVE"},
                       {"userName": "b@example.com", "active": "Terminated"},
                       {"userName": "c@example.com", "active": false}])",
                   kHrWords, {true, false, false}, {}},
        RecordCase{"json_unknown_word", RecordFormat::json,
                   "[{\"userName\": \"a@example.com\"},\n {\"userName\": \"b@example.com\", \"active\": \"Retired\"}]",
                   kHrWords, {},
                   {"hr.json:2: column \"active\": \"Retired\" is not in source.active_map (it maps \"Active\", "
                    "\"On Leave\", \"Resigned\", \"Terminated\")"}},
        RecordCase{"json_null_is_blank", RecordFormat::json, R"({"userName": "a@example.com", "active": null})", {}, {},
                   {"hr.json:1: column \"active\": blank: a blank status is not a decision (write true/false, yes/no "
                    "or 1/0, or map \"\" in source.active_map)"}},
        RecordCase{"json_blank_mapped", RecordFormat::json, R"({"userName": "a@example.com", "active": " "})",
                   {{"", false}}, {false}, {}},
        RecordCase{"yaml_mapped_words", RecordFormat::yaml,
                   "- userName: a@example.com\n  active: ACTIVE\n- userName: b@example.com\n  active: \"Resigned \"\n"
                   "- userName: c@example.com\n  active: true\n",
                   kHrWords, {true, false, true}, {}},
        RecordCase{"yaml_unknown_word", RecordFormat::yaml,
                   "- userName: a@example.com\n  active: Active\n- userName: b@example.com\n  active: yes\n", kHrWords,
                   {},
                   {"hr.yaml:4: column \"active\": \"yes\" is not in source.active_map (it maps \"Active\", "
                    "\"On Leave\", \"Resigned\", \"Terminated\")"}},
        RecordCase{"yaml_empty_value_is_blank", RecordFormat::yaml, "userName: a@example.com\nactive:\n", kHrWords, {},
                   {"hr.yaml:2: column \"active\": blank, and source.active_map does not map \"\" (a blank status is "
                    "not a decision: fill it in, or map \"\" to true or false)"}},
        RecordCase{"yaml_no_map_keeps_the_built_in_words", RecordFormat::yaml,
                   "- userName: a@example.com\n  active: no\n- userName: b@example.com\n  active: \"Yes\"\n"
                   "- userName: c@example.com\n  active: 0\n- userName: d@example.com\n",
                   {}, {false, true, false, true}, {}}),
    [](const auto& info) { return info.param.name; });

// --- a source without any active column ------------------------------------------------------------------------

TEST(NoActiveColumn, IsFlaggedForACsvWithoutTheColumnOnly) {
  EXPECT_TRUE(read_csv_text("userName\nada@example.com\n", "hr.csv", options_with({})).no_active_column);
  EXPECT_FALSE(read_csv_text("userName,active\nada@example.com,yes\n", "hr.csv", options_with({})).no_active_column);
  // A column that is there but renamed counts as there.
  auto renamed = options_with(kHrWords);
  renamed.columns = {{"active", "Status"}};
  EXPECT_FALSE(read_csv_text("userName,Status\nada@example.com,Active\n", "hr.csv", renamed).no_active_column);
}

TEST(NoActiveColumn, IsFlaggedForRecordsWhenNoRecordHasTheField) {
  EXPECT_TRUE(read_record_text("- userName: a@example.com\n- userName: b@example.com\n", "hr.yaml", RecordFormat::yaml,
                               options_with({}))
                  .no_active_column);
  EXPECT_FALSE(read_record_text("- userName: a@example.com\n- userName: b@example.com\n  active: false\n", "hr.yaml",
                                RecordFormat::yaml, options_with({}))
                   .no_active_column);
}

TEST(NoActiveColumn, ADirectoryIsFlaggedOnlyWhenNoFileStatesIt) {
  testing::TempFolder folder;
  folder.write("a.csv", "userName\nada@example.com\n");
  folder.write("b.json", R"({"userName": "bob@example.com"})");
  auto options = options_with({});
  options.type = SourceType::directory;
  options.path = folder.path();
  EXPECT_TRUE(DirectorySource(options).read().no_active_column);
  folder.write("c.yaml", "userName: carol@example.com\nactive: true\n");
  EXPECT_FALSE(DirectorySource(options).read().no_active_column);
}

}  // namespace
}  // namespace oss::source
