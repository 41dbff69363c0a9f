// The API key: where it comes from, how it is checked, and that it never shows in text.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "config/api_key.hpp"

namespace oss::config {
namespace {

using secret::ApiKey;
using secret::Secret;
using secret::SecretError;
using secret::read_secret_file;
using secret::keep_secrets_out_of_core_dumps;

constexpr const char* kKey = "omni_live_9f8e7d6c5b4a";
constexpr const char* kVariable = "OSS_TEST_API_KEY";

// A scratch folder per test, removed afterwards.
class ApiKeyTest : public testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              fmt::format("oss-secret-{}-{}", ::getpid(), testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(folder_);
    ::unsetenv(kVariable);
    ::unsetenv("CREDENTIALS_DIRECTORY");
  }
  void TearDown() override {
    std::filesystem::remove_all(folder_);
    ::unsetenv(kVariable);
    ::unsetenv("CREDENTIALS_DIRECTORY");
  }

  std::filesystem::path write_key_file(const std::string& name, const std::string& content, mode_t mode = 0600) {
    const auto file = folder_ / name;
    std::ofstream(file) << content;
    ::chmod(file.c_str(), mode);
    return file;
  }

  static OmniConfig from_env() {
    OmniConfig omni;
    omni.api_key_env = kVariable;
    return omni;
  }
  static OmniConfig from_file(std::filesystem::path file) {
    OmniConfig omni;
    omni.api_key_env.clear();
    omni.api_key_file = std::move(file);
    return omni;
  }

  // Runs `load` and returns the SecretError's message (fails the test when none is thrown).
  template <typename Load>
  static std::string secret_error(Load load) {
    try {
      load();
    } catch (const SecretError& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected a SecretError";
    return "";
  }

  std::filesystem::path folder_;
};

// Sends spdlog's default logger into a string for the duration of a test.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  [[nodiscard]] std::string text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

TEST_F(ApiKeyTest, ReadsTheNamedEnvironmentVariable) {
  ::setenv(kVariable, kKey, 1);
  EXPECT_EQ(load_api_key(from_env()).reveal(), kKey);
}

TEST_F(ApiKeyTest, TrimsWhiteSpaceAroundAnEnvironmentKey) {
  ::setenv(kVariable, (std::string("  ") + kKey + "\n").c_str(), 1);
  EXPECT_EQ(load_api_key(from_env()).reveal(), kKey);
}

TEST_F(ApiKeyTest, MissingVariableNamesIt) {
  const std::string message = secret_error([] { (void)load_api_key(from_env()); });
  EXPECT_NE(message.find(kVariable), std::string::npos) << message;
  EXPECT_NE(message.find("is not set"), std::string::npos) << message;
}

TEST_F(ApiKeyTest, EmptyVariableIsRefused) {
  ::setenv(kVariable, " \n", 1);
  const std::string message = secret_error([] { (void)load_api_key(from_env()); });
  EXPECT_NE(message.find(kVariable), std::string::npos) << message;
  EXPECT_NE(message.find("is empty"), std::string::npos) << message;
}

TEST_F(ApiKeyTest, KeyWithASpaceOrControlCharacterIsRefusedWithoutShowingIt) {
  for (const std::string bad : {"omni_live secret", "omni_live\r\nX-Injected: 1", "omni_live\x01"}) {
    ::setenv(kVariable, bad.c_str(), 1);
    const std::string message = secret_error([] { (void)load_api_key(from_env()); });
    EXPECT_NE(message.find("control character"), std::string::npos) << message;
    EXPECT_EQ(message.find("omni_live"), std::string::npos) << "the message shows the key: " << message;
  }
}

TEST_F(ApiKeyTest, ReadsAFileAndTrimsItsTrailingNewline) {
  const auto file = write_key_file("omni-api-key", std::string(kKey) + "\n");
  CapturedLog log;
  EXPECT_EQ(load_api_key(from_file(file)).reveal(), kKey);
  EXPECT_EQ(log.text(), "");  // mode 0600: no warning
}

TEST_F(ApiKeyTest, ExpandsCredentialsDirectory) {
  write_key_file("omni-api-key", kKey);
  ::setenv("CREDENTIALS_DIRECTORY", folder_.c_str(), 1);
  EXPECT_EQ(load_api_key(from_file("$CREDENTIALS_DIRECTORY/omni-api-key")).reveal(), kKey);
  EXPECT_EQ(load_api_key(from_file("${CREDENTIALS_DIRECTORY}/omni-api-key")).reveal(), kKey);
}

TEST_F(ApiKeyTest, CredentialsDirectoryUnsetIsExplained) {
  const std::string message = secret_error([] { (void)load_api_key(from_file("$CREDENTIALS_DIRECTORY/k")); });
  EXPECT_NE(message.find("$CREDENTIALS_DIRECTORY"), std::string::npos) << message;
  EXPECT_NE(message.find("LoadCredential="), std::string::npos) << message;
}

TEST_F(ApiKeyTest, MissingFileNamesItWithTheReason) {
  const auto file = folder_ / "absent";
  const std::string message = secret_error([&] { (void)load_api_key(from_file(file)); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST_F(ApiKeyTest, EmptyFileNamesItButNeverTheContent) {
  const auto file = write_key_file("blank", "\n\n  \n");
  const std::string message = secret_error([&] { (void)load_api_key(from_file(file)); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("is empty"), std::string::npos) << message;
}

TEST_F(ApiKeyTest, MalformedFileKeyIsRefusedWithoutShowingIt) {
  const auto file = write_key_file("two-lines", std::string(kKey) + "\nsecond line\n");
  const std::string message = secret_error([&] { (void)load_api_key(from_file(file)); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_EQ(message.find(kKey), std::string::npos) << "the message shows the key: " << message;
  EXPECT_EQ(message.find("second line"), std::string::npos) << message;
}

TEST_F(ApiKeyTest, GroupReadableFileWarnsWithTheFix) {
  const auto file = write_key_file("shared", kKey, 0640);
  CapturedLog log;
  EXPECT_EQ(load_api_key(from_file(file)).reveal(), kKey);
  const std::string warning = log.text();
  EXPECT_NE(warning.find("[warning]"), std::string::npos) << warning;
  EXPECT_NE(warning.find(file.string()), std::string::npos) << warning;
  EXPECT_NE(warning.find("chmod 600"), std::string::npos) << warning;
  EXPECT_EQ(warning.find(kKey), std::string::npos) << warning;
}

TEST_F(ApiKeyTest, AFileOwnedByAnotherUserWarnsWithTheFix) {
  const auto file = write_key_file("theirs", kKey);
  ASSERT_EQ(::chown(file.c_str(), 65534, 65534), 0) << "the suite runs as root";
  CapturedLog log;
  EXPECT_EQ(load_api_key(from_file(file)).reveal(), kKey);
  const std::string warning = log.text();
  EXPECT_NE(warning.find("[warning]"), std::string::npos) << warning;
  EXPECT_NE(warning.find(file.string() + " belongs to uid 65534"), std::string::npos) << warning;
  EXPECT_NE(warning.find("chown"), std::string::npos) << warning;
  EXPECT_EQ(warning.find(kKey), std::string::npos) << warning;
}

TEST_F(ApiKeyTest, AFileOfTheUserOrOfRootIsNotWarnedAbout) {
  const auto file = write_key_file("mine", kKey);
  CapturedLog log;
  EXPECT_EQ(load_api_key(from_file(file)).reveal(), kKey);
  EXPECT_EQ(log.text().find("[warning]"), std::string::npos) << log.text();
}

TEST_F(ApiKeyTest, PrintsAsStarsEverywhere) {
  const ApiKey key{std::string(kKey)};
  EXPECT_EQ(fmt::format("{}", key), "***");
  EXPECT_EQ(fmt::format("key={:>5}", key), "key=  ***");
  std::ostringstream out;
  out << key;
  EXPECT_EQ(out.str(), "***");
  static_assert(!std::is_convertible_v<ApiKey, std::string>);
  static_assert(!std::is_convertible_v<ApiKey, std::string_view>);
  static_assert(!std::is_copy_constructible_v<ApiKey>);
}

TEST_F(ApiKeyTest, MovingLeavesNoCopyBehind) {
  ApiKey first{std::string(kKey)};
  ApiKey second = std::move(first);
  EXPECT_EQ(second.reveal(), kKey);
  EXPECT_EQ(first.reveal(), "");  // NOLINT(bugprone-use-after-move): the moved-from key is wiped, on purpose
  ApiKey third{std::string("other")};
  third = std::move(second);
  EXPECT_EQ(third.reveal(), kKey);
  EXPECT_EQ(second.reveal(), "");  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace oss::config
