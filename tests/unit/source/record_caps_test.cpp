// The caps on what a record file may expand to (value_budget.hpp), and a stop request reaching a read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>
#include <string>

#include "source/records/directory_source.hpp"
#include "source/records/record_file.hpp"
#include "source/source_failure.hpp"
#include "source/value_budget.hpp"
#include "temp_folder.hpp"

namespace oss::source {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

SourceOptions options_with(OnError on_error = OnError::fail) {
  SourceOptions options;
  options.on_error = on_error;
  return options;
}

// The only error of a read that must fail.
snapshot::SourceError refusal_of(std::string_view text, const char* name, RecordFormat format,
                                 OnError on_error = OnError::fail) {
  try {
    read_record_text(text, name, format, options_with(on_error));
  } catch (const SourceFailure& failure) {
    EXPECT_EQ(failure.errors.size(), 1u) << failure.what();
    return failure.errors.front();
  }
  ADD_FAILURE() << name << " was read";
  return {};
}

std::string flow_list(std::size_t length) {
  std::string list = "[";
  for (std::size_t i = 0; i < length; ++i) list += (i ? ", v" : "v") + std::to_string(i);
  return list + "]";
}

std::string number_list(std::size_t length) {
  std::string list = "[";
  for (std::size_t i = 0; i < length; ++i) list += (i ? "," : "") + std::to_string(i);
  return list + "]";
}

// `records` records whose attributes all alias one map of `keys` keys, each an alias of one `items`-item list.
// The map is written once, in the first record, from line 3: key kN is on line 3 + N.
std::string aliased_records(std::size_t records, std::size_t keys, std::size_t items) {
  std::string text = "- userName: u0@example.com\n  attributes: &a\n";
  for (std::size_t k = 0; k < keys; ++k)
    text += "   k" + std::to_string(k) + ": " + (k == 0 ? "&l " + number_list(items) : std::string("*l")) + "\n";
  for (std::size_t r = 1; r < records; ++r)
    text += "- userName: u" + std::to_string(r) + "@example.com\n  attributes: *a\n";
  return text;
}

std::size_t key_number(const std::string& field) { return std::stoul(field.substr(field.find(".k") + 2)); }

TEST(RecordCaps, AYamlAliasBombIsRefusedQuicklyNamingTheFileLineAndField) {
  // One 1,000-item list under 1,000 keys in each of 100 records: 20 KB that expand to 100 million values.
  const std::string bomb = aliased_records(100, 1'000, 1'000);
  ASSERT_LT(bomb.size(), 25'000u);
  const auto started = std::chrono::steady_clock::now();
  const auto error = refusal_of(bomb, "bomb.yaml", RecordFormat::yaml);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_EQ(error.file, "bomb.yaml");
  ASSERT_THAT(error.field, StartsWith("attributes.k"));
  EXPECT_EQ(error.line, 3 + key_number(error.field)) << "the line of the key where the cap was passed";
  EXPECT_THAT(error.message, HasSubstr("more than 100000 values"));
  EXPECT_THAT(error.message, HasSubstr("alias"));
}

TEST(RecordCaps, TheBombIsRefusedUnderSkipToo) {
  // Skipping it would leave a snapshot that looks whole to nobody: the read fails, and no one is removed.
  const auto error = refusal_of(aliased_records(100, 1'000, 1'000), "bomb.yaml", RecordFormat::yaml, OnError::skip);
  EXPECT_EQ(error.file, "bomb.yaml");
}

TEST(RecordCaps, ManyAliasesWithinTheCapsStillRead) {
  const auto snapshot = read_record_text(aliased_records(50, 40, 20), "team.yaml", RecordFormat::yaml, options_with());
  ASSERT_EQ(snapshot.users.size(), 50u);
  const auto tags = snapshot.users[49].attributes.find("k39");
  ASSERT_TRUE(tags);
  EXPECT_EQ(std::get<model::AttributeList>(*tags).size(), 20u);
}

TEST(RecordCaps, AFileOverItsCapIsRefusedEvenWhenEachRecordIsUnder) {
  // 99 keys of 1,000 values: just under the record's cap, so the file's cap (1,000,000) trips in the 11th record.
  const auto error = refusal_of(aliased_records(20, 99, 1'000), "many.yaml", RecordFormat::yaml);
  EXPECT_EQ(error.file, "many.yaml");
  EXPECT_THAT(error.message, HasSubstr("the file holds more than 1000000 values"));
  EXPECT_THAT(error.message, HasSubstr("split it"));
}

TEST(RecordCaps, AYamlListLongerThanTheCapIsRefusedNamingTheField) {
  const std::string text = "userName: ada@example.com\nattributes:\n  region: eu\n  tags: " +
                           flow_list(kMaxListLength + 1) + "\n";
  const auto error = refusal_of(text, "ada.yaml", RecordFormat::yaml);
  EXPECT_EQ(error.file, "ada.yaml");
  EXPECT_EQ(error.line, 4u);
  EXPECT_EQ(error.field, "attributes.tags");
  EXPECT_THAT(error.message, HasSubstr("a list of 10001 values; at most 10000"));

  const auto groups = refusal_of("userName: ada@example.com\ngroups: " + flow_list(kMaxListLength + 1) + "\n",
                                 "groups.yaml", RecordFormat::yaml);
  EXPECT_EQ(groups.line, 2u);
  EXPECT_EQ(groups.field, "groups");
}

TEST(RecordCaps, AListOfExactlyTheCapIsRead) {
  const auto snapshot = read_record_text("userName: ada@example.com\nattributes:\n  tags: " +
                                             flow_list(kMaxListLength) + "\n",
                                         "ada.yaml", RecordFormat::yaml, options_with());
  EXPECT_EQ(std::get<model::AttributeList>(*snapshot.users[0].attributes.find("tags")).size(), kMaxListLength);
}

TEST(RecordCaps, TooManyYamlAttributesAreRefused) {
  std::string text = "userName: ada@example.com\nattributes:\n";
  for (std::size_t i = 0; i <= kMaxAttributesPerRecord; ++i) text += "  a" + std::to_string(i) + ": x\n";
  const auto error = refusal_of(text, "ada.yaml", RecordFormat::yaml);
  EXPECT_EQ(error.field, "attributes.a1000");
  EXPECT_EQ(error.line, 1003u);
  EXPECT_THAT(error.message, HasSubstr("more than 1000 attributes"));
}

std::string json_list(std::size_t length) {
  std::string list = "[";
  for (std::size_t i = 0; i < length; ++i) list += (i ? ", " : "") + std::to_string(i);
  return list + "]";
}

TEST(RecordCaps, JsonRecordsOverTheCapsAreRefused) {
  const std::string long_list = "[\n{\"userName\": \"ada@example.com\"},\n{\"userName\": \"bob@example.com\", "
                                "\"attributes\": {\"tags\": " + json_list(kMaxListLength + 1) + "}}\n]";
  const auto list = refusal_of(long_list, "people.json", RecordFormat::json);
  EXPECT_EQ(list.file, "people.json");
  EXPECT_EQ(list.line, 3u);
  EXPECT_EQ(list.field, "attributes.tags");
  EXPECT_THAT(list.message, HasSubstr("at most 10000"));

  std::string many = R"({"userName": "ada@example.com", "attributes": {)";
  for (std::size_t i = 0; i <= kMaxAttributesPerRecord; ++i) many += (i ? ", \"a" : "\"a") + std::to_string(i) + "\": 1";
  const auto attributes = refusal_of(many + "}}", "ada.json", RecordFormat::json);
  EXPECT_EQ(attributes.line, 1u);
  EXPECT_THAT(attributes.message, HasSubstr("more than 1000 attributes"));

  // 11 lists of 10,000: each is allowed, the record's 100,000 values are not.
  std::string big = R"({"userName": "ada@example.com", "attributes": {)";
  for (int i = 0; i < 11; ++i) big += (i ? ", \"l" : "\"l") + std::to_string(i) + "\": " + json_list(kMaxListLength);
  const auto values = refusal_of(big + "}}", "big.json", RecordFormat::json);
  EXPECT_EQ(values.field, "attributes.l9");
  EXPECT_THAT(values.message, HasSubstr("the record holds more than 100000 values"));
}

TEST(SourceStop, ARequestedStopEndsARecordReadWithSourceStoppedAndNoSnapshot) {
  std::stop_source stop;
  stop.request_stop();
  SourceOptions options = options_with(OnError::skip);
  options.stop = stop.get_token();
  EXPECT_THROW(read_record_text("userName: ada@example.com\n", "ada.yaml", RecordFormat::yaml, options),
               SourceStopped);
  EXPECT_THROW(read_record_text(R"({"userName": "ada@example.com"})", "ada.json", RecordFormat::json, options),
               SourceStopped);
}

TEST(SourceStop, ADirectoryReadIsStoppedNotRetried) {
  testing::TempFolder folder;
  folder.write("a.yaml", "userName: ada@example.com\n");
  folder.write("b.csv", "userName\nbob@example.com\n");
  std::stop_source stop;
  stop.request_stop();
  SourceOptions options;
  options.type = SourceType::directory;
  options.path = folder.path();
  options.stop = stop.get_token();
  int attempts = 0;
  // A failed attempt whose files changed is read again (a torn read); a stop passes straight through, before
  // even this seam, which would change a file.
  DirectorySource source(options, [&](int attempt) {
    attempts = attempt;
    folder.write("a.yaml", "userName: ada" + std::to_string(attempt) + "@example.com\n");
  });
  EXPECT_THROW(source.read(), SourceStopped);
  EXPECT_EQ(attempts, 0);
}

}  // namespace
}  // namespace oss::source
