// The hostile input corpus (tests/data/bad/), one row per file: the built binary must give that file's own clear
// error (naming the file, and the line and field where there is one), the right exit status, and send no write.
#include <sys/stat.h>

#include <functional>
#include <gmock/gmock.h>

#include "fault_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kBad = std::filesystem::path(OSS_TEST_DATA_DIR) / "bad";

struct HostileCase {
  std::string name;
  // Prepares the run in `dir` and returns the source path (a file, or a folder for type: directory).
  std::function<std::filesystem::path(const std::filesystem::path& dir)> prepare;
  bool directory = false;
  int exit_code = 1;
  std::vector<std::string> error_mentions;  // each must appear in stderr
};

std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.name; }

std::function<std::filesystem::path(const std::filesystem::path&)> corpus_file(const std::string& name) {
  return [name](const std::filesystem::path&) { return kBad / "source" / name; };
}

// A folder holding one corpus file, for the JSON/YAML record readers (they are reached through type: directory).
std::function<std::filesystem::path(const std::filesystem::path&)> corpus_folder(const std::string& name) {
  return [name](const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir / "folder");
    std::filesystem::copy_file(kBad / "source" / name, dir / "folder" / name);
    return dir / "folder";
  };
}

std::vector<HostileCase> source_cases() {
  return {
      {"UnterminatedQuote", corpus_file("unterminated_quote.csv"), false, 1,
       {"unterminated_quote.csv:2", "quote"}},
      {"WrongFieldCount", corpus_file("wrong_field_count.csv"), false, 1, {"wrong_field_count.csv:3", "4"}},
      {"NulBytes", corpus_file("nul_bytes.csv"), false, 1, {"nul_bytes.csv:3", "NUL"}},
      {"InvalidUtf8", corpus_file("invalid_utf8.csv"), false, 1, {"invalid_utf8.csv:3", "UTF-8"}},
      {"BomInTheMiddle", corpus_file("bom_in_middle.csv"), false, 1, {"bom_in_middle.csv:3", "byte order mark"}},
      {"DuplicateUsersInDifferentCase", corpus_file("duplicate_users_in_different_case.csv"), false, 1,
       {"duplicate_users_in_different_case.csv:4", "appears twice", "duplicate_users_in_different_case.csv:2"}},
      {"NotAnEmail", corpus_file("not_an_email.csv"), false, 1, {"not_an_email.csv:3", "userName"}},
      {"EmptyFile", corpus_file("empty.csv"), false, 1, {"empty.csv", "header"}},
      {"TruncatedJson", corpus_folder("truncated.json"), true, 1, {"truncated.json:3"}},
      {"BrokenYaml", corpus_folder("broken.yaml"), true, 1, {"broken.yaml:", "invalid YAML"}},
      {"YamlThatHangsYamlCpp", corpus_folder("stray_comma.yaml"), true, 1,
       {"stray_comma.yaml:4", "invalid YAML: unexpected character where a value should start"}},
      {"ATenMegabyteField",
       [](const std::filesystem::path& dir) {
         support::write_file(dir / "huge_field.csv", "userName,displayName,active\nada@example.com," +
                                                         std::string(10 * 1024 * 1024, 'x') + ",true\n");
         return dir / "huge_field.csv";
       },
       false, 1, {"huge_field.csv:2", "displayName", "too long"}},
      {"AMillionEmptyLines",
       [](const std::filesystem::path& dir) {
         support::write_file(dir / "empty_lines.csv", "userName,displayName,active\n" + std::string(1'000'000, '\n'));
         return dir / "empty_lines.csv";
       },
       // Blank lines are skipped, so this is an empty source: the guard withholds every removal (exit 3).
       false, 3, {"the source has no records"}},
      {"ASymlinkLoop",
       [](const std::filesystem::path& dir) {
         std::filesystem::create_directories(dir / "folder");
         support::write_file(dir / "folder" / "good.csv", "userName,displayName,active\nada@example.com,Ada,true\n");
         std::filesystem::create_symlink("loop.csv", dir / "folder" / "loop.csv");
         return dir / "folder";
       },
       true, 1, {"loop.csv", "symbolic link"}},
  };
}

class HostileSource : public FaultTest, public ::testing::WithParamInterface<HostileCase> {};

TEST_P(HostileSource, GivesItsOwnClearErrorAndSendsNoWrite) {
  const auto& c = GetParam();
  server_->seed_user({"someone@example.com", "Someone", true, {}});
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");
  const std::string csv_source = "  type: csv\n  path: users.csv\n";
  config.replace(config.find(csv_source), csv_source.size(),
                 std::string("  type: ") + (c.directory ? "directory" : "csv") + "\n  path: \"" +
                     c.prepare(dir_.path()).string() + "\"\n");
  support::write_file(dir_ / "config.yaml", config);

  const auto run = sync();
  EXPECT_EQ(run.code(), c.exit_code) << run.out << run.err;
  for (const auto& mention : c.error_mentions) EXPECT_THAT(run.err, HasSubstr(mention)) << run.err.substr(0, 2000);
  EXPECT_EQ(writes_since(0), 0u);
  EXPECT_EQ(server_->user_count(), 1u);
  EXPECT_LT(run.err.size(), 64u * 1024) << "the error must not echo a huge field back";
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileSource, ::testing::ValuesIn(source_cases()),
                         [](const auto& info) { return info.param.name; });

// A half-written *.tmp next to the real files is work in progress, not a source file: it is left out, silently.
TEST_F(FaultTest, AHalfWrittenTmpFileInASourceFolderIsLeftOut) {
  std::filesystem::create_directories(dir_ / "folder");
  support::write_file(dir_ / "folder" / "people.csv", "userName,displayName,active\nada@example.com,Ada,true\n");
  support::write_file(dir_ / "folder" / "people.csv.tmp", "userName,displayName,active\nbob@example.com,\"Bo");
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");
  config.replace(config.find("type: csv"), 9, "type: directory");
  config.replace(config.find("path: users.csv"), 15, "path: folder");
  support::write_file(dir_ / "config.yaml", config);
  const auto run = sync();
  EXPECT_EQ(run.code(), 0) << run.err;
  EXPECT_TRUE(server_->find_user("ada@example.com"));
  EXPECT_FALSE(server_->find_user("bob@example.com"));
}

struct ConfigCase {
  std::string name;
  std::string file;
  std::vector<std::string> error_mentions;
};

std::ostream& operator<<(std::ostream& out, const ConfigCase& c) { return out << c.name; }

class HostileConfig : public FaultTest, public ::testing::WithParamInterface<ConfigCase> {};

TEST_P(HostileConfig, Exits78WithALocatedErrorAndSendsNothing) {
  const auto& c = GetParam();
  support::write_file(dir_ / "config.yaml", support::read_file(kBad / "config" / c.file));
  support::write_file(dir_ / "users.csv", "userName,displayName,active\nada@example.com,Ada,true\n");
  const auto run = sync();
  EXPECT_EQ(run.code(), 78) << run.out << run.err;
  for (const auto& mention : c.error_mentions) EXPECT_THAT(run.err, HasSubstr(mention));
  EXPECT_THAT(run.err, ::testing::Not(HasSubstr(kFaultKey)));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state" / "audit.log"));
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, HostileConfig,
    ::testing::Values(ConfigCase{"WrongTypes", "wrong_types.yaml", {"config.yaml:3", "omni.requests_per_minute", "number"}},
                      ConfigCase{"UnknownKey", "unknown_key.yaml", {"config.yaml:3", "requests_per_minuet", "requests_per_minute"}},
                      ConfigCase{"MissingKey", "missing_key.yaml", {"config.yaml", "omni.base_url"}},
                      ConfigCase{"HttpUrl", "http_url.yaml", {"config.yaml:2", "http:// is refused"}},
                      ConfigCase{"KeyFileMissing", "key_file_missing.yaml", {"no-such-key-file", "omni.api_key_file"}},
                      ConfigCase{"NotYaml", "not_yaml.yaml", {"config.yaml:"}}),
    [](const auto& info) { return info.param.name; });

// Omni's userNames are emails. One that is not was not made by this tool and cannot be matched to a person:
// it is left alone, never deleted as a "leaver".
TEST_F(FaultTest, ARemoteUserWhoseUserNameIsNotAnEmailIsNeverDeleted) {
  server_->seed_user({"service-robot", "Robot", true, {}});
  server_->seed_user({"leaver@example.com", "Leaver", true, {}});
  write_source({{"ada@example.com", "Ada", "eu"}});
  write_config();
  const auto run = sync();
  EXPECT_EQ(run.code(), 0) << run.out << run.err;
  EXPECT_TRUE(server_->find_user("service-robot")) << run.out;
  EXPECT_FALSE(server_->find_user("leaver@example.com")) << "ordinary leavers still go";
  EXPECT_TRUE(server_->find_user("ada@example.com"));
}

// A key file others can read is warned about by name, with the command that fixes it. It is not refused:
// Docker swarm mounts secrets 0444, and the config documents Docker secrets as a way to pass the key.
TEST_F(FaultTest, AWorldReadableKeyFileIsWarnedAboutByName) {
  auto config = support::read_file(kBad / "config" / "key_file_world_readable.yaml");
  const std::string unreachable = "https://127.0.0.1:9";
  config.replace(config.find(unreachable), unreachable.size(), server_->base_url() + "\n  ca_file: ca.pem");
  support::write_file(dir_ / "config.yaml", config);
  support::write_file(dir_ / "omni-api-key", std::string(kFaultKey) + "\n");
  ::chmod((dir_ / "omni-api-key").c_str(), 0644);
  write_source({{"ada@example.com", "Ada", "eu"}});
  support::ChildOptions child = sync_options();
  child.extra_env.clear();
  child.removed_env.push_back("OMNI_API_KEY");
  support::ChildProcess process(child);
  ASSERT_TRUE(process.wait(std::chrono::seconds(60)));
  EXPECT_THAT(process.stderr_text(), HasSubstr("omni-api-key can be read or changed by group or others (mode 644)"));
  EXPECT_THAT(process.stderr_text(), HasSubstr("chmod 600"));
  EXPECT_THAT(process.stderr_text(), ::testing::Not(HasSubstr(kFaultKey)));
  EXPECT_EQ(process.wait(std::chrono::seconds(0))->exit_code, 0) << process.stderr_text();
  EXPECT_TRUE(server_->find_user("ada@example.com")) << "the key from the file was used";
}

}  // namespace
}  // namespace oss::testing
