// Group names from the source: a CSV column split on source.groups_separator, a list in JSON and YAML records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "source/csv/csv_reader.hpp"
#include "source/group_names.hpp"
#include "source/records/record_file.hpp"
#include "source/source_failure.hpp"

namespace oss::source {
namespace {

using Names = std::vector<std::string>;

TEST(GroupNames, SplitTrimDropEmptiesAndRepeats) {
  EXPECT_EQ(split_group_names(" Eng ; Sales;;Eng; ", ';'), (Names{"Eng", "Sales"}));
  EXPECT_EQ(split_group_names("", ';'), Names{});
  EXPECT_EQ(split_group_names("A|B;C", '|'), (Names{"A", "B;C"}));
}

TEST(GroupSource, CsvGroupsColumnMappedAndSplit) {
  SourceOptions options;
  options.columns = {{"userName", "email"}, {"groups", "Teams"}};
  options.groups_separator = '|';
  const auto snapshot = read_csv_text("email,Teams\nada@x.co,\"Eng | Data\"\nbob@x.co,\n", "users.csv", options);
  ASSERT_EQ(snapshot.users.size(), 2u);
  EXPECT_EQ(snapshot.users[0].groups, (Names{"Eng", "Data"}));
  EXPECT_TRUE(snapshot.users[1].groups.empty());
}

TEST(GroupSource, CsvWithoutAGroupsColumnHasNoGroups) {
  const auto snapshot = read_csv_text("userName\nada@x.co\n", "users.csv", SourceOptions{});
  ASSERT_EQ(snapshot.users.size(), 1u);
  EXPECT_TRUE(snapshot.users[0].groups.empty());
}

TEST(GroupSource, JsonAndYamlRecordsCarryAList) {
  const auto json = read_record_text(R"([{"userName": "ada@x.co", "groups": ["Eng", " Data ", "Eng"]}])", "u.json",
                                     RecordFormat::json, SourceOptions{});
  EXPECT_EQ(json.users.at(0).groups, (Names{"Eng", "Data"}));
  const auto yaml = read_record_text("- userName: ada@x.co\n  groups: [Eng, Data]\n- userName: bob@x.co\n  groups:\n",
                                     "u.yaml", RecordFormat::yaml, SourceOptions{});
  EXPECT_EQ(yaml.users.at(0).groups, (Names{"Eng", "Data"}));
  EXPECT_TRUE(yaml.users.at(1).groups.empty());
}

TEST(GroupSource, GroupsThatAreNotAListAreLocatedErrors) {
  for (const auto& [text, format, name] :
       {std::tuple{std::string(R"({"userName": "ada@x.co", "groups": "Eng"})"), RecordFormat::json, "u.json"},
        std::tuple{std::string("userName: ada@x.co\ngroups: Eng\n"), RecordFormat::yaml, "u.yaml"},
        std::tuple{std::string(R"({"userName": "ada@x.co", "groups": [3]})"), RecordFormat::json, "n.json"}}) {
    try {
      (void)read_record_text(text, name, format, SourceOptions{});
      ADD_FAILURE() << "expected an error for " << name;
    } catch (const SourceFailure& failure) {
      ASSERT_EQ(failure.errors.size(), 1u);
      EXPECT_EQ(failure.errors[0].field, "groups");
      EXPECT_THAT(failure.errors[0].to_string(), ::testing::HasSubstr(name));
    }
  }
}

}  // namespace
}  // namespace oss::source
