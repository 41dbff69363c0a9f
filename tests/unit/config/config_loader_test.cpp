// Valid files: every field of a full file, the defaults of a minimal one, relative paths, the shipped example.
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace oss::config {
namespace {

using namespace std::chrono_literals;
const std::filesystem::path kData = std::filesystem::path(OSS_TEST_DATA_DIR) / "config";

TEST(ConfigLoader, ReadsEveryFieldOfAFullFile) {
  const Config config = load_config(kData / "full.yaml");
  EXPECT_EQ(config.file, kData / "full.yaml");

  const auto& client = config.omni.client;
  EXPECT_EQ(client.base_url, "https://blobsrus.omniapp.co:8443/omni");
  EXPECT_EQ(config.omni.api_key_env, "");
  EXPECT_EQ(config.omni.api_key_file, kData / "secrets/omni-api-key");
  EXPECT_EQ(client.ca_file, kData / "ca.pem");
  EXPECT_DOUBLE_EQ(client.requests_per_minute, 120.5);
  EXPECT_EQ(client.rate_window, 250ms);
  EXPECT_EQ(client.max_in_flight, 8u);
  EXPECT_EQ(client.page_size, 250u);
  EXPECT_EQ(client.timeout, 12'500ms);
  EXPECT_EQ(client.max_retries, 7);

  const auto& source = config.source;
  EXPECT_EQ(source.type, source::SourceType::directory);
  EXPECT_EQ(source.path, kData / "people");
  const std::map<std::string, std::string> columns = {
      {"userName", "email"}, {"displayName", "full_name"}, {"active", "enabled"}, {"attributes.region", "Region"}};
  EXPECT_EQ(source.columns, columns);
  EXPECT_EQ(source.delimiter, '\t');
  EXPECT_EQ(source.quote, '\'');
  // Keys as written (trimming and case are the reader's business), values as booleans.
  EXPECT_EQ(source.active_map, (std::map<std::string, bool>{
                                   {"Active", true}, {" On Leave ", true}, {"Terminated", false}, {"", false}}));
  EXPECT_EQ(source.on_error, source::OnError::skip);
  EXPECT_TRUE(source.watch);

  const auto& sync = config.sync;
  EXPECT_EQ(sync.interval, 300s);
  EXPECT_FALSE(sync.run_on_start);
  EXPECT_EQ(sync.policy.deprovision, plan::Deprovision::deactivate);
  EXPECT_EQ(sync.policy.manage_attributes, (std::vector<std::string>{"region", "team"}));
  EXPECT_EQ(sync.guards.max_deletes, 3u);
  EXPECT_DOUBLE_EQ(sync.guards.max_delete_percent, 2.5);
  EXPECT_EQ(sync.guards.protect, (std::vector<std::string>{"admin@example.com", "*@ops.example.com"}));
  EXPECT_FALSE(sync.guards.allow_deletes.has_value());  // a command-line option, never from the file

  EXPECT_EQ(config.logging.level, spdlog::level::debug);
  EXPECT_EQ(config.logging.format, LoggingConfig::Format::json);
  EXPECT_EQ(config.metrics.listen, "[::1]:9100");
  EXPECT_EQ(config.state_dir, "/srv/oss-state");
  EXPECT_EQ(config.audit_log, kData / "logs/audit.jsonl");
}

TEST(ConfigLoader, MinimalFileTakesEveryDefault) {
  const Config config = load_config(kData / "minimal.yaml");
  const net::ClientOptions default_client;
  const auto& client = config.omni.client;
  EXPECT_EQ(client.base_url, "https://blobsrus.omniapp.co");
  EXPECT_EQ(config.omni.api_key_env, "OMNI_API_KEY");
  EXPECT_FALSE(config.omni.api_key_file.has_value());
  EXPECT_FALSE(client.ca_file.has_value());
  EXPECT_DOUBLE_EQ(client.requests_per_minute, 60);
  EXPECT_EQ(client.rate_window, 60s);
  EXPECT_EQ(client.max_in_flight, 4u);
  EXPECT_EQ(client.page_size, 100u);
  EXPECT_EQ(client.timeout, 30s);
  EXPECT_EQ(client.max_retries, 5);

  EXPECT_EQ(config.source.type, source::SourceType::csv);
  EXPECT_EQ(config.source.path, kData / "users.csv");
  EXPECT_TRUE(config.source.columns.empty());
  EXPECT_EQ(config.source.delimiter, ',');
  EXPECT_EQ(config.source.quote, '"');
  EXPECT_EQ(config.source.on_error, source::OnError::fail);
  EXPECT_FALSE(config.source.watch);

  EXPECT_EQ(config.sync.interval, 900s);
  EXPECT_TRUE(config.sync.run_on_start);
  EXPECT_EQ(config.sync.policy.deprovision, plan::Deprovision::delete_user);
  EXPECT_EQ(config.sync.policy.delete_after_days, 30);
  EXPECT_TRUE(config.sync.policy.manage_attributes.empty());
  EXPECT_EQ(config.sync.guards.max_deletes, 25u);
  EXPECT_DOUBLE_EQ(config.sync.guards.max_delete_percent, 10);
  EXPECT_TRUE(config.sync.guards.protect.empty());

  EXPECT_EQ(config.logging.level, spdlog::level::info);
  EXPECT_EQ(config.logging.format, LoggingConfig::Format::text);
  EXPECT_EQ(config.metrics.listen, "127.0.0.1:9464");
  EXPECT_EQ(config.state_dir, "/var/lib/omni-scim-sync");
  EXPECT_EQ(config.audit_log, "/var/lib/omni-scim-sync/audit.log");
}

constexpr std::string_view kRequired = "omni:\n  base_url: https://blobsrus.omniapp.co\nsource:\n  path: users.csv\n";

TEST(ConfigLoader, RelativePathsResolveAgainstTheFilesFolderNotTheWorkingDirectory) {
  const std::string yaml = std::string(kRequired) + "state_dir: state\naudit_log: ../log/audit.log\n";
  const Config config = parse_config(yaml, "/etc/omni-scim-sync/config.yaml");
  EXPECT_EQ(config.source.path, "/etc/omni-scim-sync/users.csv");
  EXPECT_EQ(config.state_dir, "/etc/omni-scim-sync/state");
  EXPECT_EQ(config.audit_log, "/etc/log/audit.log");
}

TEST(ConfigLoader, DeactivateThenDeleteTakesItsGracePeriod) {
  const std::string yaml = std::string(kRequired) + "sync:\n  deprovision: deactivate_then_delete\n  delete_after_days: 14\n";
  const Config config = parse_config(yaml, "/etc/c.yaml");
  EXPECT_EQ(config.sync.policy.deprovision, plan::Deprovision::deactivate_then_delete);
  EXPECT_EQ(config.sync.policy.delete_after_days, 14);
  const std::string defaulted = std::string(kRequired) + "sync:\n  deprovision: deactivate_then_delete\n";
  EXPECT_EQ(parse_config(defaulted, "/etc/c.yaml").sync.policy.delete_after_days, 30);
}

TEST(ConfigLoader, AuditLogDefaultsIntoTheConfiguredStateDir) {
  const std::string yaml = std::string(kRequired) + "state_dir: /srv/state\n";
  EXPECT_EQ(parse_config(yaml, "/etc/c.yaml").audit_log, "/srv/state/audit.log");
}

TEST(ConfigLoader, AbsolutePathsStayAsWritten) {
  const std::string yaml = "omni:\n  base_url: https://o.example.com\nsource:\n  path: /data/users.csv\n";
  EXPECT_EQ(parse_config(yaml, "/etc/c.yaml").source.path, "/data/users.csv");
}

TEST(ConfigLoader, CredentialsDirectoryIsKeptForLoadApiKeyToExpand) {
  const std::string yaml =
      "omni:\n  base_url: https://o.example.com\n  api_key_file: $CREDENTIALS_DIRECTORY/omni-api-key\n"
      "source:\n  path: u.csv\n";
  const Config config = parse_config(yaml, "/etc/c.yaml");
  EXPECT_EQ(config.omni.api_key_file, "$CREDENTIALS_DIRECTORY/omni-api-key");
  EXPECT_EQ(config.omni.api_key_env, "");
}

TEST(ConfigLoader, AcceptsEachDelimiterSpelling) {
  const std::vector<std::pair<std::string, char>> spellings = {
      {"\",\"", ','}, {"\";\"", ';'}, {"\"\\t\"", '\t'}, {"tab", '\t'}, {"'\\t'", '\t'}};
  for (const auto& [spelling, expected] : spellings) {
    const std::string yaml = "omni:\n  base_url: https://o.example.com\nsource:\n  path: u.csv\n  delimiter: " +
                             spelling + "\n";
    EXPECT_EQ(parse_config(yaml, "/etc/c.yaml").source.delimiter, expected) << spelling;
  }
}

TEST(ConfigLoader, WithoutActiveMapTheBuiltInWordsApply) {
  EXPECT_TRUE(parse_config(kRequired, "/etc/c.yaml").source.active_map.empty());
}

TEST(ConfigLoader, EmptyMetricsListenTurnsMetricsOff) {
  const std::string yaml = std::string(kRequired) + "metrics:\n  listen: \"\"\n";
  EXPECT_EQ(parse_config(yaml, "/etc/c.yaml").metrics.listen, "");
}

TEST(ConfigLoader, EmptySectionsReadAsDefaults) {
  const std::string yaml = std::string(kRequired) + "sync:\nlogging:\n";
  const Config config = parse_config(yaml, "/etc/c.yaml");
  EXPECT_EQ(config.sync.guards.max_deletes, 25u);
  EXPECT_EQ(config.logging.level, spdlog::level::info);
}

TEST(ConfigLoader, DocumentMarkersAroundTheOneDocumentAreFine) {
  const std::string yaml = "---\n" + std::string(kRequired) + "sync:\n  max_deletes: 3\n...\n---\n";
  EXPECT_EQ(parse_config(yaml, "/etc/c.yaml").sync.guards.max_deletes, 3u);
}

TEST(ConfigLoader, ShippedExampleIsValid) {
  const std::filesystem::path example = std::filesystem::path(OSS_SOURCE_DIR) / "config" / "example.yaml";
  const Config config = load_config(example);
  EXPECT_EQ(config.omni.client.base_url, "https://blobsrus.omniapp.co");
  EXPECT_EQ(config.omni.api_key_env, "OMNI_API_KEY");
  EXPECT_EQ(config.source.path, example.parent_path() / "users.example.csv");
  EXPECT_EQ(config.source.columns.at("userName"), "email");
  EXPECT_EQ(config.source.active_map.at("Terminated"), false);  // the HR words users.example.csv uses
  EXPECT_EQ(config.sync.guards.protect.size(), 2u);
}

TEST(ConfigLoader, MissingFileIsAConfigErrorNamingIt) {
  try {
    (void)load_config(kData / "no-such-file.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("no-such-file.yaml: cannot read the configuration: No such file"),
              std::string::npos)
        << error.what();
    EXPECT_EQ(error.line, 0);
  }
}

}  // namespace
}  // namespace oss::config
