// The command line as a user meets it: the built binary, its output and its exit status.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gmock/gmock.h>
#include <sys/stat.h>

#include "sync_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RunResult run_binary(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {}) {
  args.insert(args.begin(), kBinary);
  support::ChildOptions options(args, std::move(env));
  options.removed_env = {"OMNI_API_KEY"};
  support::ChildProcess process(options);
  const auto status = process.wait(std::chrono::seconds(30));
  EXPECT_TRUE(status);
  return support::collect(process, status);
}

TEST(Cli, HelpListsTheCommandsAndTheExitStatuses) {
  const auto run = run_binary({"--help"});
  EXPECT_EQ(run.code(), 0);
  for (const char* text : {"sync [--dry-run]", "run ", "check ", "--allow-deletes", "78   configuration error",
                           "3    a safety guard", "64   usage error"})
    EXPECT_THAT(run.out, HasSubstr(text));
}

TEST(Cli, VersionPrintsTheVersion) {
  const auto run = run_binary({"--version"});
  EXPECT_EQ(run.code(), 0);
  EXPECT_THAT(run.out, HasSubstr("omni-scim-sync 0."));
}

struct UsageCase {
  std::vector<std::string> args;
  const char* message;
};

// Names the case by its arguments in ctest's list (instead of the struct's bytes).
void PrintTo(const UsageCase& usage, std::ostream* os) {
  *os << "args:";
  for (const auto& arg : usage.args) *os << ' ' << arg;
}

class CliUsage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(CliUsage, Exits64WithAMessage) {
  const auto run = run_binary(GetParam().args);
  EXPECT_EQ(run.code(), 64);
  EXPECT_THAT(run.err, HasSubstr(GetParam().message));
  EXPECT_THAT(run.err, HasSubstr("Usage:"));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CliUsage,
    ::testing::Values(UsageCase{{}, "no command given"}, UsageCase{{"frobnicate"}, "unknown command \"frobnicate\""},
                      UsageCase{{"sync", "--output", "xml"}, "--output takes text or json"},
                      UsageCase{{"sync", "--allow-deletes", "many"}, "allow-deletes"},
                      UsageCase{{"sync", "--bogus"}, "bogus"}, UsageCase{{"check", "extra"}, "unexpected argument"},
                      UsageCase{{"sync", "--dryrun"}, "unrecognised option '--dryrun' (did you mean --dry-run?)"},
                      UsageCase{{"chek"}, "unknown command \"chek\" (did you mean check?)"},
                      UsageCase{{"--api-key=abc", "sync"}, "never taken from the command line"},
                      UsageCase{{"sync", "--token", "abc"}, "never taken from the command line"}));

TEST(Cli, TheKeyGivenOnTheCommandLineIsNeverEchoed) {
  const auto run = run_binary({"sync", "--api-key=s3cr3t-value"});
  EXPECT_EQ(run.code(), 64);
  EXPECT_THAT(run.err + run.out, Not(HasSubstr("s3cr3t-value")));
}

TEST(Cli, AMissingConfigFileExits78NamingIt) {
  const auto run = run_binary({"--config", "/nonexistent/config.yaml", "sync"});
  EXPECT_EQ(run.code(), 78);
  EXPECT_THAT(run.err, HasSubstr("/nonexistent/config.yaml"));
}

TEST(Cli, AnInvalidConfigExits78WithFileLineAndKey) {
  support::TempDir dir("oss-cli");
  support::write_file(dir / "config.yaml",
                      "omni:\n  base_url: https://x.example.com\nsource:\n  path: u.csv\nsync:\n  max_deletse: 3\n");
  const auto run = run_binary({"--config", (dir / "config.yaml").string(), "sync"});
  EXPECT_EQ(run.code(), 78);
  EXPECT_THAT(run.err, HasSubstr("config.yaml:6:3"));
  EXPECT_THAT(run.err, HasSubstr("max_deletse"));
  EXPECT_THAT(run.err, HasSubstr("max_deletes"));  // the suggestion
}

TEST(Cli, AnHttpBaseUrlExits78) {
  support::TempDir dir("oss-cli");
  support::write_file(dir / "config.yaml", "omni:\n  base_url: http://x.example.com\nsource:\n  path: u.csv\n");
  const auto run = run_binary({"--config", (dir / "config.yaml").string(), "sync", "--dry-run"});
  EXPECT_EQ(run.code(), 78);
  EXPECT_THAT(run.err, HasSubstr("http:// is refused"));
}

TEST(Cli, AMissingKeyExits78NamingTheVariable) {
  support::TempDir dir("oss-cli");
  support::write_file(dir / "config.yaml",
                      "omni:\n  base_url: https://x.example.com\n  api_key_env: MY_OMNI_KEY\nsource:\n  path: u.csv\n");
  const auto run = run_binary({"--config", (dir / "config.yaml").string(), "sync"});
  EXPECT_EQ(run.code(), 78);
  EXPECT_THAT(run.err, HasSubstr("MY_OMNI_KEY"));
}

class CheckCommand : public SyncTest {
 protected:
  RunResult check(const std::string& key = kOrgKey) {
    support::ChildProcess process(options({"check"}, key));
    const auto status = process.wait(std::chrono::seconds(30));
    EXPECT_TRUE(status) << "check did not finish";
    return support::collect(process, status);
  }
};

TEST_F(CheckCommand, ValidatesConfigSourceAndKeyWithoutWriting) {
  write_source({{"a@example.com", "A", true, "eu"}, {"b@example.com", "B", true, "us"}});
  write_config();
  const auto run = check();
  EXPECT_EQ(run.code(), 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("2 users read"));
  EXPECT_THAT(run.out, HasSubstr("configuration OK"));
  EXPECT_EQ(writes(), 0u);
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

constexpr const char* kNoActiveColumn =
    "no active column: everyone listed is active; people who left must be absent from the file";

TEST_F(CheckCommand, SaysOnceThatASourceWithoutAnActiveColumnMakesEveryoneActive) {
  support::write_file(dir_ / "users.csv", "userName,displayName\na@example.com,A\n");
  write_config();
  const auto run = check();
  EXPECT_EQ(run.code(), 0) << run.err;
  EXPECT_EQ(count_of(run.err, kNoActiveColumn), 1u) << run.err;
}

TEST_F(CheckCommand, TheDryRunSaysItTooButNotWhenTheColumnIsThere) {
  support::write_file(dir_ / "users.csv", "userName,displayName\na@example.com,A\n");
  write_config();
  const auto without = sync({"--dry-run"});
  EXPECT_EQ(count_of(without.err, kNoActiveColumn), 1u) << without.err;
  write_source({{"a@example.com", "A", true, "eu"}});
  const auto with = sync({"--dry-run"});
  EXPECT_EQ(with.code(), 0) << with.err;
  EXPECT_EQ(count_of(with.err, kNoActiveColumn), 0u) << with.err;
}

TEST_F(CheckCommand, AnHrWordWithoutAMapFailsTheCheckNamingTheWordAndTheKey) {
  support::write_file(dir_ / "users.csv", "userName,active\na@example.com,Terminated\n");
  write_config();
  const auto run = check();
  EXPECT_EQ(run.code(), 1);
  EXPECT_THAT(run.err, HasSubstr("users.csv:2: column \"active\": expected true/false, yes/no or 1/0, "
                                               "got \"Terminated\" (source.active_map can map HR words"));
}

TEST_F(CheckCommand, AnUnreachableOmniIsReportedInSecondsAsUnreachableNotAsAKeyProblem) {
  write_source({{"a@example.com", "A", true, "eu"}});
  // A loopback port nobody listens on, and the daemon's patient retries configured (5): the check still
  // answers within seconds (it retries once), and blames the address, not the key.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string url = "https://127.0.0.1:" + std::to_string(probe.local_endpoint().port());
  probe.close();
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");
  config.replace(config.find(server_.base_url()), server_.base_url().size(), url);
  config.replace(config.find("max_retries: 3"), 14, "max_retries: 5");
  support::write_file(dir_ / "config.yaml", config);
  const auto started = std::chrono::steady_clock::now();
  const auto run = check();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(run.code(), 1);
  EXPECT_THAT(run.err, HasSubstr("cannot reach Omni at " + url + ": cannot connect to 127.0.0.1"));
  EXPECT_THAT(run.err, Not(HasSubstr("cannot verify the API key")));
}

TEST_F(CheckCommand, APersonalAccessTokenFailsTheCheckWith78) {
  write_source({{"a@example.com", "A", true, "eu"}});
  write_config();
  const auto run = check(kPat);
  EXPECT_EQ(run.code(), 78);
  EXPECT_THAT(run.err, HasSubstr("personal access token"));
}

}  // namespace
}  // namespace oss::testing
