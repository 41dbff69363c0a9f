// Hostile text from Omni and from the source, through the built binary: names holding ESC sequences, newlines
// followed by what looks like a log line, C1 controls (U+009B) and bidi overrides (U+202E) must reach neither the
// plan nor the text log raw, and must not forge a line in either.
#include <gmock/gmock.h>

#include <regex>
#include <sstream>

#include "fault_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// ESC [2J clears the screen, U+009B is the one-byte CSI, U+202E reverses the text shown after it.
const std::string kForgedLog = "2099-01-01T00:00:00.000Z info     forged";
const std::string kHostileName = "Ada\x1b[2J\n" + kForgedLog + " name\xC2\x9B" "2J\xE2\x80\xAE" "evil";
const std::string kHostileGroup = "Eng\x1b[2J\n" + kForgedLog + " group\xC2\x9B\xE2\x80\xAE";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t lines_containing(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& line : lines_of(text)) n += line.find(needle) != std::string::npos;
  return n;
}

void expect_no_raw_controls(const std::string& text, const std::string& stream) {
  EXPECT_THAT(text, Not(HasSubstr("\x1b"))) << stream << ":\n" << text;
  EXPECT_THAT(text, Not(HasSubstr("\xC2\x9B"))) << stream << ":\n" << text;
  EXPECT_THAT(text, Not(HasSubstr("\xE2\x80\xAE"))) << stream << ":\n" << text;
}

// Every stderr line is a log line the binary wrote: a timestamp and a level first, never text a value forged.
void expect_only_real_log_lines(const std::string& err) {
  const std::regex log_line(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (info|warning|error) +\S.*)");
  for (const auto& line : lines_of(err)) {
    EXPECT_TRUE(std::regex_match(line, log_line)) << "not a log line: " << line;
    EXPECT_FALSE(line.starts_with("2099-")) << "a forged line: " << line;
  }
}

class HostileText : public FaultTest {
 protected:
  void SetUp() override {
    const auto ada = server_->seed_user({"ada@example.com", kHostileName, true, {}});
    server_->seed_group(kHostileGroup, {ada});
    write_config();
    auto config = support::read_file(dir_ / "config.yaml");
    // Bad records are skipped (and logged), not fatal; the hostile group is not in the source: a delete to plan
    // (withheld, as the skipped record makes the source incomplete, but shown).
    config.replace(config.find("  path: users.csv\n"), 18, "  path: users.csv\n  on_error: skip\n");
    config.replace(config.find("sync:\n"), 6, "sync:\n  groups:\n    enabled: true\n    deprovision_groups: delete\n");
    support::write_file(dir_ / "config.yaml", config);
    // A quoted active value holding a newline and then what looks like a log line of its own.
    support::write_file(dir_ / "users.csv",
                        "userName,displayName,active,attributes.region\n"
                        "ada@example.com,Ada,true,eu\n"
                        "bob@example.com,Bob,\"yes\n" + kForgedLog + " skipped\xC2\x9B\xE2\x80\xAE\",eu\n");
  }
};

TEST_F(HostileText, TheDryRunPlanAndItsLogShowHostileNamesEscapedOnOneLine) {
  const auto run = sync({"--dry-run"});
  EXPECT_EQ(run.code(), 3) << "a skipped record withholds the group's removal\n" << run.out << run.err;
  expect_no_raw_controls(run.out, "stdout");
  expect_no_raw_controls(run.err, "stderr");
  expect_only_real_log_lines(run.err);
  // The plan names the hostile displayName and group once each, escaped, on the line that belongs to them.
  EXPECT_THAT(run.out, HasSubstr(R"(~ update ada@example.com: displayName: "Ada\x1b[2J\n2099-01-01T00:00:00.000Z )"
                                 R"(info     forged name\u{9b}2J\u{202e}evil" -> "Ada")"))
      << run.out;
  EXPECT_THAT(run.out, HasSubstr(R"(! withheld - delete group "Eng\x1b[2J\n2099-01-01T00:00:00.000Z info     forged )"
                                 R"(group\u{9b}\u{202e}")"))
      << run.out;
  EXPECT_EQ(lines_containing(run.out, "forged"), 2u) << run.out;
  // The skipped record is one warning line, its value escaped.
  EXPECT_EQ(lines_containing(run.err, "forged"), 1u) << run.err;
  EXPECT_THAT(run.err, HasSubstr(R"(source record skipped: )"));
  EXPECT_THAT(run.err, HasSubstr(R"(got "yes\n2099-01-01T00:00:00.000Z info     forged skipped\u{9b}\u{202e}")"))
      << run.err;
  EXPECT_EQ(writes_since(0), 0u);
}

TEST_F(HostileText, AnAppliedSyncLogsTheSkippedRecordOnOneLineAndFixesTheName) {
  const auto run = sync();
  EXPECT_EQ(run.code(), 3) << "a skipped record withholds the group's removal\n" << run.out << run.err;
  expect_no_raw_controls(run.out, "stdout");
  expect_no_raw_controls(run.err, "stderr");
  expect_only_real_log_lines(run.err);
  EXPECT_EQ(lines_containing(run.err, "forged"), 1u) << run.err;
  ASSERT_TRUE(server_->find_user("ada@example.com"));
  EXPECT_EQ(server_->find_user("ada@example.com")->display_name, "Ada");
}

}  // namespace
}  // namespace oss::testing
