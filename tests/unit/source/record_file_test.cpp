#include "source/records/record_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "source/source_failure.hpp"

namespace oss::source {
namespace {

using ::testing::ElementsAre;

SourceOptions options_with(OnError on_error = OnError::fail) {
  SourceOptions options;
  options.on_error = on_error;
  return options;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> errors_of(std::string_view text, RecordFormat format, const char* name) {
  try {
    read_record_text(text, name, format, options_with());
  } catch (const SourceFailure& failure) {
    std::vector<std::string> lines;
    for (const auto& error : failure.errors) lines.push_back(error.to_string());
    return lines;
  }
  return {};
}

TEST(JsonRecords, ListWithTypedAttributes) {
  const auto snapshot =
      read_record_text(file_text(OSS_TEST_DATA_DIR "/source/users.json"), "users.json", RecordFormat::json, options_with());
  ASSERT_EQ(snapshot.users.size(), 2u);
  const auto& ada = snapshot.users[0];
  EXPECT_EQ(ada.user_name, "ada@example.com");
  EXPECT_EQ(ada.display_name, "Ada Lovelace");
  EXPECT_TRUE(ada.active);
  model::Attributes expected;
  expected.set("region", std::string("eu"));
  expected.set("level", 3.0);
  expected.set("remote", false);
  expected.set("tags", model::AttributeList{std::string("a"), 2.0, true});
  EXPECT_EQ(ada.attributes, expected);
  const auto& bob = snapshot.users[1];
  EXPECT_EQ(bob.display_name, "bob");    // defaulted from the email
  EXPECT_TRUE(bob.attributes.empty());   // null means not set
}

TEST(JsonRecords, SingleObjectIsOneRecord) {
  const auto snapshot = read_record_text(R"({"userName": "ada@example.com", "active": false})", "ada.json",
                                         RecordFormat::json, options_with());
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_FALSE(snapshot.users[0].active);
}

struct ErrorCase {
  std::string name;
  RecordFormat format;
  std::string text;
  std::vector<std::string> errors;
};

class RecordErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RecordErrors, NameFileLineAndKey) {
  const char* file = GetParam().format == RecordFormat::json ? "users.json" : "users.yaml";
  EXPECT_EQ(errors_of(GetParam().text, GetParam().format, file), GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RecordErrors,
    ::testing::Values(
        ErrorCase{"json_unknown_key", RecordFormat::json,
                  "[\n {\"userName\": \"a@example.com\"},\n {\"userName\": \"b@example.com\",\n  \"usrName\": \"x\"}\n]",
                  {"users.json:3: column \"usrName\": unknown key (a record has userName, displayName, active, "
                   "attributes and groups)"}},
        ErrorCase{"json_syntax_error", RecordFormat::json, "[\n {\"userName\": \"a@example.com\",}\n]",
                  {"users.json:2: invalid JSON at column 31: syntax error"}},
        ErrorCase{"json_missing_user_name", RecordFormat::json, "[{\"displayName\": \"A\"}]",
                  {"users.json:1: column \"userName\": missing (every record needs a userName)"}},
        ErrorCase{"json_invalid_email", RecordFormat::json, "{\"userName\": \"nobody\"}",
                  {"users.json:1: column \"userName\": not an email address: \"nobody\""}},
        ErrorCase{"json_wrong_types", RecordFormat::json,
                  "[{\"userName\": 7, \"active\": 1, \"attributes\": {\"a\": {\"b\": 1}, \"c\": [[1]]}}]",
                  {"users.json:1: column \"userName\": expected a string, got 7",
                   "users.json:1: column \"active\": expected true, false or a status word (a string), got 1",
                   "users.json:1: column \"attributes.a\": expected a string, a number, true/false or a list of "
                   "those, got {\"b\":1}",
                   "users.json:1: column \"attributes.c\": expected a string, a number, true/false or a list of "
                   "those, got [1]"}},
        ErrorCase{"json_record_not_an_object", RecordFormat::json, "[\n\"a@example.com\"\n]",
                  {"users.json:2: record 1 is not an object: \"a@example.com\""}},
        ErrorCase{"json_root_not_a_record", RecordFormat::json, "42",
                  {"users.json:1: expected a user record (an object) or a list of them"}},
        ErrorCase{"json_empty", RecordFormat::json, " \n",
                  {"users.json: the file is empty: expected a user record or a list"}},
        ErrorCase{"json_nul_in_string", RecordFormat::json, R"({"userName": "a@example.com", "displayName": "A\u0000"})",
                  {"users.json:1: column \"displayName\": NUL byte at byte 2"}},
        ErrorCase{"yaml_unknown_key", RecordFormat::yaml,
                  "- userName: a@example.com\n- userName: b@example.com\n  displayname: B\n",
                  {"users.yaml:3: column \"displayname\": unknown key (a record has userName, displayName, active, "
                   "attributes and groups)"}},
        ErrorCase{"yaml_syntax_error", RecordFormat::yaml, "- userName: a@example.com\n  - broken\n",
                  {"users.yaml:2: invalid YAML: end of map not found"}},
        ErrorCase{"yaml_invalid_active", RecordFormat::yaml, "userName: a@example.com\nactive: sometimes\n",
                  {"users.yaml:2: column \"active\": expected true/false, yes/no or 1/0, got \"sometimes\" (source.active_map "
                   "can map HR words, e.g. {Active: true, Terminated: false})"}},
        ErrorCase{"yaml_nested_attribute", RecordFormat::yaml,
                  "userName: a@example.com\nattributes:\n  region:\n    name: eu\n",
                  {"users.yaml:4: column \"attributes.region\": expected a string, a number, true/false or a list "
                   "of those, got {name: eu}"}},
        ErrorCase{"yaml_duplicate_in_file", RecordFormat::yaml, "- userName: a@example.com\n- userName: A@example.com\n",
                  {"users.yaml:2: column \"userName\": userName \"A@example.com\" appears twice: also at "
                   "users.yaml:1"}},
        ErrorCase{"yaml_empty", RecordFormat::yaml, "# nothing\n",
                  {"users.yaml: the file is empty: expected a user record or a list"}},
        // yaml-cpp 0.7's LoadAll loops for ever on these (see yaml_documents.hpp).
        ErrorCase{"yaml_stray_comma", RecordFormat::yaml, ",\n",
                  {"users.yaml:1: invalid YAML: unexpected character where a value should start"}},
        ErrorCase{"yaml_stray_comma_after_a_list", RecordFormat::yaml,
                  "- userName: a@example.com\n  displayName: A\n,\n- userName: b@example.com\n",
                  {"users.yaml:3: invalid YAML: unexpected character where a value should start"}},
        ErrorCase{"yaml_stray_comma_in_a_later_document", RecordFormat::yaml,
                  "userName: a@example.com\n---\n,\n",
                  {"users.yaml:3: invalid YAML: unexpected character where a value should start"}}),
    [](const auto& info) { return info.param.name; });

TEST(YamlRecords, ListWithTypedAttributesQuotedStaysString) {
  const auto snapshot =
      read_record_text(file_text(OSS_TEST_DATA_DIR "/source/users.yaml"), "users.yaml", RecordFormat::yaml, options_with());
  ASSERT_EQ(snapshot.users.size(), 2u);
  const auto& carol = snapshot.users[0];
  EXPECT_EQ(carol.display_name, "Carol");
  EXPECT_FALSE(carol.active);
  model::Attributes expected;
  expected.set("region", std::string("eu"));
  expected.set("level", 3.0);
  expected.set("code", std::string("007"));
  expected.set("remote", true);
  expected.set("tags", model::AttributeList{std::string("a"), 2.5, false});
  EXPECT_EQ(carol.attributes, expected);
  EXPECT_EQ(snapshot.users[1].display_name, "dave");
}

TEST(YamlRecords, SeveralDocumentsAreRead) {
  const auto snapshot = read_record_text("userName: a@example.com\n---\n- userName: b@example.com\n", "u.yaml",
                                         RecordFormat::yaml, options_with());
  EXPECT_EQ(snapshot.users.size(), 2u);
}

TEST(YamlRecords, EmptyDocumentsAndDocumentEndsBetweenRecordsAreFine) {
  const auto snapshot = read_record_text("userName: a@example.com\n---\n---\n...\n--- \n- userName: b@example.com\n...\n",
                                         "u.yaml", RecordFormat::yaml, options_with());
  EXPECT_EQ(snapshot.users.size(), 2u);
}

// The input the record-file fuzzer found (tests/fuzz/known/): its first byte picks the fuzzer's format, the rest is
// the file. It used to hang the reader, allocating without end.
TEST(YamlRecords, TheFuzzerFoundHangIsALocatedError) {
  const std::string input = file_text(OSS_SOURCE_DIR "/tests/fuzz/known/yaml-cpp-0.7-hang.records");
  ASSERT_FALSE(input.empty());
  EXPECT_THAT(errors_of(input.substr(1), RecordFormat::yaml, "hang.yaml"),
              ElementsAre("hang.yaml:2: invalid YAML: unexpected character where a value should start"));
}

TEST(Records, SkipPolicySkipsOnlyTheBadRecord) {
  const auto snapshot = read_record_text("- userName: a@example.com\n- userName: b@example.com\n  colour: red\n",
                                         "u.yaml", RecordFormat::yaml, options_with(OnError::skip));
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_EQ(snapshot.users[0].user_name, "a@example.com");
  ASSERT_EQ(snapshot.skipped.size(), 1u);
  EXPECT_EQ(snapshot.skipped[0].line, 3u);
  EXPECT_EQ(snapshot.skipped[0].field, "colour");
}

}  // namespace
}  // namespace oss::source
