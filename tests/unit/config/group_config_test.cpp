// sync.groups and source.groups_separator: defaults, every key, and located errors for the wrong ones.
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace oss::config {
namespace {

const std::string kRequired = "omni:\n  base_url: https://blobsrus.omniapp.co\nsource:\n  path: users.csv\n";

TEST(GroupConfig, OffByDefault) {
  const Config config = parse_config(kRequired, "/etc/c.yaml");
  const auto& groups = config.sync.groups;
  EXPECT_FALSE(groups.enabled);
  EXPECT_EQ(groups.manage, plan::GroupManage::all);
  EXPECT_TRUE(groups.names.empty());
  EXPECT_EQ(groups.prefix, "");
  EXPECT_EQ(groups.deprovision, plan::GroupDeprovision::keep);
  EXPECT_EQ(config.source.groups_separator, ';');
}

TEST(GroupConfig, ReadsEveryKey) {
  const std::string yaml = "omni:\n  base_url: https://blobsrus.omniapp.co\nsource:\n  path: users.csv\n"
                           "  groups_separator: \"|\"\n  columns: {groups: Teams}\n"
                           "sync:\n  groups:\n    enabled: true\n    manage: listed\n    names: [Eng, Sales]\n"
                           "    prefix: \"scim-\"\n    deprovision_groups: delete\n    renames: {Eng: Engineering}\n";
  const Config config = parse_config(yaml, "/etc/c.yaml");
  const auto& groups = config.sync.groups;
  EXPECT_TRUE(groups.enabled);
  EXPECT_EQ(groups.manage, plan::GroupManage::listed);
  EXPECT_EQ(groups.names, (std::vector<std::string>{"Eng", "Sales"}));
  EXPECT_EQ(groups.prefix, "scim-");
  EXPECT_EQ(groups.deprovision, plan::GroupDeprovision::delete_group);
  EXPECT_EQ(groups.renames.at("Eng"), "Engineering");
  EXPECT_EQ(config.source.groups_separator, '|');
  EXPECT_EQ(config.source.columns.at("groups"), "Teams");
}

void expect_error(const std::string& yaml, const std::string& key_path, const std::string& message) {
  try {
    (void)parse_config(yaml, "/etc/c.yaml");
    FAIL() << "expected a ConfigError for " << key_path;
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key_path, key_path) << error.what();
    EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << error.what();
  }
}

TEST(GroupConfig, WrongKeysAndValuesAreLocatedErrors) {
  expect_error(kRequired + "sync:\n  groups:\n    enable: true\n", "sync.groups.enable", "enable");
  expect_error(kRequired + "sync:\n  groups:\n    manage: some\n", "sync.groups.manage", "listed");
  expect_error(kRequired + "sync:\n  groups:\n    deprovision_groups: remove\n", "sync.groups.deprovision_groups",
               "delete");
  expect_error(kRequired + "sync:\n  groups:\n    manage: listed\n", "sync.groups.names", "manage: listed needs");
  expect_error(kRequired + "  groups_separator: \"ab\"\n", "source.groups_separator", "a single character");
}

}  // namespace
}  // namespace oss::config
