// Invalid files: each problem is reported with its file, line, column and key path, and says what was expected.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace oss::config {
namespace {

constexpr const char* kFile = "/etc/omni-scim-sync/config.yaml";
// Lines 1-4 of most cases: just the required keys.
const std::string kRequired = "omni:\n  base_url: https://blobsrus.omniapp.co\nsource:\n  path: users.csv\n";

struct BadFile {
  std::string name;
  std::string yaml;
  int line;
  int column;
  std::string key_path;
  std::string message;  // must appear in what(), right after the location and key path
};

void PrintTo(const BadFile& bad, std::ostream* out) { *out << bad.name; }

class ConfigErrors : public testing::TestWithParam<BadFile> {};

TEST_P(ConfigErrors, NamesFileLineColumnAndKey) {
  const BadFile& bad = GetParam();
  try {
    (void)parse_config(bad.yaml, kFile);
    FAIL() << "expected a ConfigError for:\n" << bad.yaml;
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.file, kFile);
    EXPECT_EQ(error.line, bad.line) << error.what();
    EXPECT_EQ(error.column, bad.column) << error.what();
    EXPECT_EQ(error.key_path, bad.key_path) << error.what();
    std::string location = bad.line > 0 ? fmt::format("{}:{}:{}: ", kFile, bad.line, bad.column) : fmt::format("{}: ", kFile);
    if (!bad.key_path.empty()) location += bad.key_path + ": ";
    const std::string what = error.what();
    EXPECT_TRUE(what.starts_with(location)) << what << "\nshould start with: " << location;
    EXPECT_NE(what.find(bad.message, location.size()), std::string::npos) << what << "\nshould contain: " << bad.message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EachKindOfMistake, ConfigErrors,
    testing::Values(
        BadFile{"UnknownTopLevelKeySuggestsTheClosest", kRequired + "stat_dir: /srv\n", 5, 1, "stat_dir",
                "unknown key \"stat_dir\" (did you mean state_dir?)"},
        BadFile{"UnknownNestedKeyListsTheKnownOnes", kRequired + "sync:\n  frobnicate: 1\n", 6, 3, "sync.frobnicate",
                "unknown key \"frobnicate\" (known keys here: interval_seconds, full_interval_seconds, run_on_start, cycle_timeout_seconds, deprovision"},
        BadFile{"TypoInNestedKey", kRequired + "sync:\n  max_delets: 3\n", 6, 3, "sync.max_delets",
                "did you mean max_deletes?"},
        BadFile{"WrongType", kRequired + "sync:\n  max_deletes: lots\n", 6, 16, "sync.max_deletes",
                "expected a non-negative integer, got \"lots\""},
        BadFile{"EmptyValue", kRequired + "sync:\n  max_deletes:\n", 6, 3, "sync.max_deletes",
                "expected a non-negative integer, got nothing"},
        BadFile{"FractionForAnInteger", kRequired + "sync:\n  max_deletes: 2.5\n", 6, 16, "sync.max_deletes",
                "expected a non-negative integer, got \"2.5\""},
        BadFile{"OutOfRangeInteger",
                "omni:\n  base_url: https://o.example.com\n  max_in_flight: 65\nsource:\n  path: u.csv\n", 3, 18,
                "omni.max_in_flight", "expected an integer from 1 to 64, got \"65\""},
        BadFile{"OutOfRangeNumber", kRequired + "sync:\n  max_delete_percent: 150\n", 6, 23, "sync.max_delete_percent",
                "expected a number from 0 to 100, got \"150\""},
        BadFile{"ZeroWhereAPositiveNumberIsNeeded",
                "omni:\n  base_url: https://o.example.com\n  requests_per_minute: 0\nsource:\n  path: u.csv\n", 3, 24,
                "omni.requests_per_minute", "expected a number greater than 0 and at most 100000, got \"0\""},
        BadFile{"IntervalTooShort", kRequired + "sync:\n  interval_seconds: 5\n", 6, 21, "sync.interval_seconds",
                "expected an integer from 10 to"},
        BadFile{"BadEnum", kRequired + "sync:\n  deprovision: remove\n", 6, 16, "sync.deprovision",
                "expected one of delete, deactivate, ignore, deactivate_then_delete, got \"remove\""},
        BadFile{"GraceBeyondTenYears", kRequired + "sync:\n  deprovision: deactivate_then_delete\n  delete_after_days: 3651\n",
                7, 22, "sync.delete_after_days", "expected an integer from 1 to 3650, got \"3651\""},
        BadFile{"GraceWithoutTheMode", kRequired + "sync:\n  deprovision: delete\n  delete_after_days: 30\n", 7, 22,
                "sync.delete_after_days", "only used with deprovision: deactivate_then_delete"},
        BadFile{"MisspeltEnum", kRequired + "sync:\n  deprovision: deactvate\n", 6, 16, "sync.deprovision",
                "(did you mean deactivate?)"},
        BadFile{"BadLogLevel", kRequired + "logging:\n  level: verbose\n", 6, 10, "logging.level",
                "expected one of trace, debug, info, warn, error, critical, off, got \"verbose\""},
        BadFile{"NotABoolean", kRequired + "  watch: maybe\n", 5, 10, "source.watch",
                "expected true or false, got \"maybe\""},
        BadFile{"HttpUrlRefused", "omni:\n  base_url: http://blobsrus.omniapp.co\nsource:\n  path: u.csv\n", 2, 13,
                "omni.base_url", "http:// is refused"},
        BadFile{"UrlWithQuery", "omni:\n  base_url: https://o.example.com/?org=1\nsource:\n  path: u.csv\n", 2, 13,
                "omni.base_url", "a query or fragment is not allowed"},
        BadFile{"ScimEndpointAsBaseUrl",
                "omni:\n  base_url: https://blobsrus.omniapp.co/api/scim/v2/\nsource:\n  path: u.csv\n", 2, 13,
                "omni.base_url",
                "ends with /api/scim/v2, the SCIM endpoint Omni shows; the base URL is the instance's address (use "
                "https://blobsrus.omniapp.co)"},
        BadFile{"UrlWithUserInfo", "omni:\n  base_url: https://me:pw@o.example.com\nsource:\n  path: u.csv\n", 2, 13,
                "omni.base_url", "user info"},
        BadFile{"BothKeySources",
                "omni:\n  base_url: https://o.example.com\n  api_key_env: OMNI_API_KEY\n  api_key_file: /k\n"
                "source:\n  path: u.csv\n",
                4, 17, "omni.api_key_file", "give either api_key_env or api_key_file, not both"},
        BadFile{"BadEnvironmentName",
                "omni:\n  base_url: https://o.example.com\n  api_key_env: OMNI-KEY\nsource:\n  path: u.csv\n", 3, 16,
                "omni.api_key_env", "expected the name of an environment variable"},
        BadFile{"UnsupportedVariableInKeyFile",
                "omni:\n  base_url: https://o.example.com\n  api_key_file: $HOME/key\nsource:\n  path: u.csv\n", 3, 17,
                "omni.api_key_file", "only $CREDENTIALS_DIRECTORY"},
        BadFile{"CredentialsDirectoryGluedToAName",
                "omni:\n  base_url: https://o.example.com\n  api_key_file: $CREDENTIALS_DIRECTORYx\nsource:\n  path: u\n",
                3, 17, "omni.api_key_file", "only $CREDENTIALS_DIRECTORY"},
        BadFile{"MissingCaFile",
                "omni:\n  base_url: https://o.example.com\n  ca_file: /nonexistent/ca.pem\nsource:\n  path: u.csv\n", 3,
                12, "omni.ca_file", "no such file: /nonexistent/ca.pem"},
        BadFile{"CaFileWithoutACertificate",
                "omni:\n  base_url: https://o.example.com\n  ca_file: /etc/passwd\nsource:\n  path: u.csv\n", 3, 12,
                "omni.ca_file", "/etc/passwd holds no PEM certificate"},
        BadFile{"MissingRequiredKey", "omni:\n  api_key_env: K\nsource:\n  path: u.csv\n", 2, 3, "omni.base_url",
                "required key is missing (expected a string)"},
        BadFile{"MissingRequiredPath", "omni:\n  base_url: https://o.example.com\nsource:\n  type: csv\n", 4, 3,
                "source.path", "required key is missing"},
        BadFile{"MisspeltRequiredKey", "omni:\n  base_ur: https://o.example.com\nsource:\n  path: u.csv\n", 2, 3,
                "omni.base_url", "required key is missing (expected a string); is \"base_ur\" a misspelling of base_url?"},
        BadFile{"MisspeltRequiredSection", "omni:\n  base_url: https://o.example.com\nsorce:\n  path: u.csv\n", 3, 1,
                "source", "required section is missing (expected source: with at least path:); is \"sorce\" a misspelling"},
        BadFile{"MissingRequiredSection", "source:\n  path: u.csv\n", 1, 1, "omni", "required section is missing"},
        BadFile{"SectionThatIsNotAMapping", "omni: yes\nsource:\n  path: u.csv\n", 1, 7, "omni",
                "expected a mapping, got \"yes\""},
        BadFile{"ListWanted", kRequired + "sync:\n  protect: admin@example.com\n", 6, 12, "sync.protect",
                "expected a list of strings, got \"admin@example.com\""},
        BadFile{"ListItemOfWrongType", kRequired + "sync:\n  protect:\n    - a@example.com\n    - {x: 1}\n", 8, 7,
                "sync.protect[1]", "expected a non-empty string, got a mapping"},
        BadFile{"UnknownColumnField", kRequired + "  columns: {username: email}\n", 5, 13, "source.columns.username",
                "unknown user field \"username\""},
        BadFile{"ActiveMapKeysTheSameAfterTrimAndCase",
                kRequired + "  active_map:\n    Active: true\n    Terminated: false\n    \" active \": true\n", 8, 5,
                "source.active_map. active ",
                "the same key as \"Active\" (line 6): keys are matched ignoring case and surrounding spaces"},
        BadFile{"ActiveMapValueNotABoolean", kRequired + "  active_map: {Active: true, Terminated: gone}\n", 5, 42,
                "source.active_map.Terminated", "expected true or false, got \"gone\""},
        BadFile{"ActiveMapValueMissing", kRequired + "  active_map:\n    Terminated:\n", 6, 5,
                "source.active_map.Terminated", "expected true or false, got nothing"},
        BadFile{"ActiveMapNotAMapping", kRequired + "  active_map: [Active, Terminated]\n", 5, 15, "source.active_map",
                "expected a mapping, got a list"},
        BadFile{"ActiveMapWithLdap",
                "omni:\n  base_url: https://o.example.com\nsource:\n  type: ldap\n  url: ldaps://l.example.com\n"
                "  active_map: {Active: true}\n",
                6, 15, "source.active_map",
                "does not apply to an LDAP source: attribute_map.active decides who is active there"},
        BadFile{"BadDelimiter", kRequired + "  delimiter: \"|\"\n", 5, 14, "source.delimiter",
                "expected one of \",\", \";\", \"\\t\" or tab, got \"|\""},
        BadFile{"QuoteEqualToDelimiter", kRequired + "  delimiter: \";\"\n  quote: \";\"\n", 6, 10, "source.quote",
                "must differ from the delimiter"},
        BadFile{"BadListenAddress", kRequired + "metrics:\n  listen: localhost\n", 6, 11, "metrics.listen",
                "the port is missing"},
        BadFile{"DuplicateKey", kRequired + "sync:\n  max_deletes: 1\n  max_deletes: 2\n", 7, 3, "sync.max_deletes",
                "duplicate key (first given at line 6)"},
        BadFile{"YamlSyntaxError", kRequired + "sync:\n  protect: [a, b\n", 7, 1, "",
                "YAML syntax error: end of sequence flow not found"},
        BadFile{"SecondDocument", kRequired + "---\nsync:\n  deprovision: ignore\n", 6, 1, "",
                "a second YAML document (after ---): the configuration is one document, and these settings would be "
                "ignored"},
        BadFile{"StrayCommaThatHangsYamlCpp", kRequired + "---\n,\n", 6, 1, "",
                "YAML syntax error: unexpected character where a value should start"},
        BadFile{"EmptyFile", "", 0, 0, "", "the file is empty"},
        BadFile{"OnlyComments", "# nothing here yet\n", 0, 0, "", "the file is empty"},
        BadFile{"TopLevelIsAList", "- omni\n- source\n", 1, 1, "",
                "expected a mapping of keys at the top level, got a list"},
        BadFile{"TopLevelIsAScalar", "just some words\n", 1, 1, "",
                "expected a mapping of keys at the top level, got \"just some words\""}),
    [](const testing::TestParamInfo<BadFile>& info) { return info.param.name; });

TEST(ConfigErrorsSecrets, AKeyPastedIntoTheBaseUrlIsNeverEchoed) {
  for (const std::string url : {"https://admin:s3cr3t-key@o.example.com", "https://o.example.com/?api_key=s3cr3t-key",
                                "https://o.example.com/#s3cr3t-key"}) {
    try {
      (void)parse_config("omni:\n  base_url: " + url + "\nsource:\n  path: u.csv\n", kFile);
      ADD_FAILURE() << "accepted " << url;
    } catch (const ConfigError& error) {
      const std::string what = error.what();
      EXPECT_EQ(what.find("s3cr3t"), std::string::npos) << what;
      EXPECT_NE(what.find("the value is not shown: it may hold a secret"), std::string::npos) << what;
      EXPECT_NE(what.find("omni.base_url"), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace oss::config
