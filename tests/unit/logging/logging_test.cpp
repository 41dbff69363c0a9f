// Log lines: JSON that always parses (whatever the message holds), text with key=value fields, journald mode.
#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <sstream>

#include "logging/formatters.hpp"
#include "logging/logging.hpp"

namespace oss::logging {
namespace {

using config::LoggingConfig;

// A logger writing into a string with the formatter under test.
class CapturingLogger {
 public:
  CapturingLogger(LoggingConfig::Format format, bool under_journal) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(text_);
    sink->set_formatter(make_formatter(format, under_journal));
    logger_ = std::make_shared<spdlog::logger>("test", sink);
    logger_->set_level(spdlog::level::trace);
  }
  spdlog::logger& logger() { return *logger_; }
  [[nodiscard]] std::string text() const { return text_.str(); }
  [[nodiscard]] std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(text_.str());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> logger_;
};

const std::regex kIsoUtcMillis(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");

TEST(JsonLog, OneObjectPerLineWithTimeLevelMessageAndTypedFields) {
  CapturingLogger log(LoggingConfig::Format::json, false);
  log_event(log.logger(), spdlog::level::info, "cycle finished",
            {{"created", 3}, {"failed", std::size_t{0}}, {"dry_run", false}, {"seconds", 1.5}, {"source", "users.csv"}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u) << log.text();
  const auto line = boost::json::parse(lines[0]).as_object();
  EXPECT_TRUE(std::regex_match(std::string(line.at("time").as_string()), kIsoUtcMillis)) << lines[0];
  EXPECT_EQ(line.at("level").as_string(), "info");
  EXPECT_EQ(line.at("message").as_string(), "cycle finished");
  EXPECT_EQ(line.at("created").as_int64(), 3);
  EXPECT_EQ(line.at("failed").as_int64(), 0);
  EXPECT_EQ(line.at("dry_run").as_bool(), false);
  EXPECT_DOUBLE_EQ(line.at("seconds").as_double(), 1.5);
  EXPECT_EQ(line.at("source").as_string(), "users.csv");
}

TEST(JsonLog, HostileMessageStaysOneValidLine) {
  CapturingLogger log(LoggingConfig::Format::json, false);
  const std::string hostile =
      "he said \"hi\"\n{\"level\":\"critical\"}\r\n\ttab \\ backslash \x01\x1f {} %v \xff\xfe end";
  log_event(log.logger(), spdlog::level::warn, hostile, {{"user", "a\"b\nc"}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u) << log.text();
  const auto line = boost::json::parse(lines[0]).as_object();  // throws on invalid JSON or invalid UTF-8
  EXPECT_EQ(line.at("level").as_string(), "warning");
  EXPECT_EQ(line.at("message").as_string(),
            "he said \"hi\"\n{\"level\":\"critical\"}\r\n\ttab \\ backslash \x01\x1f {} %v \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(line.at("user").as_string(), "a\"b\nc");
}

TEST(JsonLog, FieldsCannotOverwriteTheStandardKeys) {
  CapturingLogger log(LoggingConfig::Format::json, false);
  log_event(log.logger(), spdlog::level::err, "real", {{"message", "forged"}, {"level", "debug"}});
  const auto line = boost::json::parse(log.lines().at(0)).as_object();
  EXPECT_EQ(line.at("message").as_string(), "real");
  EXPECT_EQ(line.at("level").as_string(), "error");
}

TEST(JsonLog, PlainSpdlogCallsHaveNoFields) {
  CapturingLogger log(LoggingConfig::Format::json, false);
  log.logger().info("listed {} users", 42);
  const auto line = boost::json::parse(log.lines().at(0)).as_object();
  EXPECT_EQ(line.size(), 3u);
  EXPECT_EQ(line.at("message").as_string(), "listed 42 users");
}

TEST(TextLog, TimestampLevelMessageAndKeyValueSuffixes) {
  CapturingLogger log(LoggingConfig::Format::text, false);
  log_event(log.logger(), spdlog::level::info, "cycle finished", {{"created", 3}, {"failed", 0}, {"note", "two words"}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u);
  const std::regex expected(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info +cycle finished created=3 failed=0 note="two words")");
  EXPECT_TRUE(std::regex_match(lines[0], expected)) << lines[0];
}

TEST(TextLog, FieldValuesThatCouldForgeALineAreQuoted) {
  CapturingLogger log(LoggingConfig::Format::text, false);
  log_event(log.logger(), spdlog::level::info, "created", {{"user", "x\ninfo forged=1"}, {"empty", ""}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u) << log.text();
  EXPECT_THAT(lines[0], testing::EndsWith(R"(created user="x\ninfo forged=1" empty="")"));
}

TEST(TextLog, AFieldHoldingANewlineCannotForgeASecondLine) {
  CapturingLogger log(LoggingConfig::Format::text, false);
  log_event(log.logger(), spdlog::level::warn, "skipped", {{"value", "x\n2099-01-01 info forged"}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u) << log.text();
  EXPECT_THAT(lines[0], testing::EndsWith(R"(skipped value="x\n2099-01-01 info forged")"));
}

TEST(TextLog, TerminalAndBidiControlsInFieldsAreEscapedNotPrinted) {
  CapturingLogger log(LoggingConfig::Format::text, false);
  log_event(log.logger(), spdlog::level::info, "created",
            {{"user", "eve\xE2\x80\xAEmoc@x.co"}, {"name", "a\xC2\x9B" "2J\x1b[2Jb"}, {"plain", "\xC3\xA9mile"}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u) << log.text();
  EXPECT_THAT(lines[0], testing::EndsWith(R"(created user="eve\u{202e}moc@x.co" name="a\u{9b}2J\x1b[2Jb" plain=)"
                                          "\xC3\xA9mile"));
}

// Messages quote untrusted text at many call sites (spdlog::warn("source record skipped: {}", ...)): the text
// formatter escapes the message itself, so no call site can forget.
TEST(TextLog, AMessageQuotingHostileTextStaysOneLineWithoutControls) {
  CapturingLogger log(LoggingConfig::Format::text, false);
  log.logger().warn("source record skipped: {}", "users.csv:2: active: \"x\n2099-01-01T00:00:00.000Z info forged\"");
  log_event(log.logger(), spdlog::level::err, "update \x1b[2J\xC2\x9B\xE2\x80\xAE\xFF failed");
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 2u) << log.text();
  EXPECT_THAT(lines[0], testing::EndsWith(R"(source record skipped: users.csv:2: active: "x\n2099-01-01T00:00:00.000Z info forged")"));
  EXPECT_THAT(lines[1], testing::EndsWith(R"(update \x1b[2J\u{9b}\u{202e}\xff failed)"));
}

TEST(TextLog, UnderJournaldMessagesAreEscapedToo) {
  CapturingLogger log(LoggingConfig::Format::text, true);
  log.logger().error("a\n<2>critical forged");
  EXPECT_EQ(log.lines(), (std::vector<std::string>{R"(<3>error    a\n<2>critical forged)"}));
}

// JSON lines stay structured: the control characters are data inside a JSON string, escaped by JSON's own rules.
TEST(JsonLog, ControlAndBidiCharactersStayDataInTheString) {
  CapturingLogger log(LoggingConfig::Format::json, false);
  log_event(log.logger(), spdlog::level::warn, "a\nb\xE2\x80\xAE", {{"user", "eve\xC2\x9B"}});
  const auto lines = log.lines();
  ASSERT_EQ(lines.size(), 1u) << log.text();
  const auto line = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("message").as_string(), "a\nb\xE2\x80\xAE");
  EXPECT_EQ(line.at("user").as_string(), "eve\xC2\x9B");
}

TEST(TextLog, UnderJournaldDropsTheTimestampAndAddsThePriority) {
  CapturingLogger log(LoggingConfig::Format::text, true);
  log_event(log.logger(), spdlog::level::warn, "withheld", {{"deletes", 30}});
  log.logger().error("failed");
  log.logger().debug("detail");
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"<4>warning  withheld deletes=30", "<3>error    failed",
                                                   "<7>debug    detail"}));
}

TEST(LogEvent, BelowTheLevelNothingIsWritten) {
  CapturingLogger log(LoggingConfig::Format::json, false);
  log.logger().set_level(spdlog::level::warn);
  log_event(log.logger(), spdlog::level::info, "quiet", {{"x", 1}});
  EXPECT_EQ(log.text(), "");
}

TEST(LogEvent, FieldsDoNotLeakIntoTheNextLine) {
  CapturingLogger log(LoggingConfig::Format::text, true);
  log_event(log.logger(), spdlog::level::info, "first", {{"x", 1}});
  log.logger().info("second");
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"<6>info     first x=1", "<6>info     second"}));
}

TEST(ValidUtf8, KeepsValidTextAndReplacesEachBadByte) {
  EXPECT_EQ(valid_utf8("Zoë Ångström 日本 🙂"), "Zoë Ångström 日本 🙂");
  EXPECT_EQ(valid_utf8("Zo\xEB"), "Zo\xEF\xBF\xBD");               // Latin-1 ë
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");   // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a UTF-16 surrogate
  EXPECT_EQ(valid_utf8("\xE6\x97"), "\xEF\xBF\xBD\xEF\xBF\xBD");   // truncated sequence
}

TEST(Journal, StreamMatchesOnlyStderrsDeviceAndInode) {
  EXPECT_TRUE(journal_stream_matches("8:12345", 8, 12345));
  EXPECT_FALSE(journal_stream_matches("8:12345", 8, 12346));
  EXPECT_FALSE(journal_stream_matches("", 0, 0));
  EXPECT_FALSE(journal_stream_matches("garbage", 8, 12345));
}

TEST(Journal, NotDetectedWithoutTheVariable) {
  ::unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(stderr_is_journal());
}

TEST(SetupLogging, InstallsTheDefaultLoggerAtTheConfiguredLevel) {
  const auto previous = spdlog::default_logger();
  setup_logging(LoggingConfig{spdlog::level::err, LoggingConfig::Format::json});
  EXPECT_EQ(spdlog::default_logger()->name(), "omni-scim-sync");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::err);
  EXPECT_FALSE(spdlog::default_logger()->should_log(spdlog::level::warn));
  spdlog::set_default_logger(previous);
}

}  // namespace
}  // namespace oss::logging
