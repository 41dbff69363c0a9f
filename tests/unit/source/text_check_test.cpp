#include "source/text_check.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace oss::source {
namespace {

TEST(TextCheck, CleanTextPasses) {
  EXPECT_FALSE(find_text_issue(""));
  EXPECT_FALSE(find_text_issue("plain ASCII text that is longer than eight bytes"));
  EXPECT_FALSE(find_text_issue("Zoë Ödegaard 東京 😀 and more ASCII after it"));
  EXPECT_FALSE(find_text_issue("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

struct BadText {
  std::string name;
  std::string text;
  TextProblem problem;
  std::size_t offset;
};

class TextCheckProblems : public ::testing::TestWithParam<BadText> {};

TEST_P(TextCheckProblems, FindsTheFirstProblemAndItsOffset) {
  const auto& param = GetParam();
  const auto issue = find_text_issue(param.text);
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->problem, param.problem);
  EXPECT_EQ(issue->offset, param.offset);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TextCheckProblems,
    ::testing::Values(BadText{"lone_continuation", "ab\x80", TextProblem::invalid_utf8, 2},
                      BadText{"latin1_after_long_ascii", "abcdefghijklmnop\xE9t\xE9", TextProblem::invalid_utf8, 16},
                      BadText{"truncated_sequence", "x\xE6\x9D", TextProblem::invalid_utf8, 1},
                      BadText{"overlong_slash", "\xC0\xAF", TextProblem::invalid_utf8, 0},
                      BadText{"overlong_three_bytes", "\xE0\x80\xAF", TextProblem::invalid_utf8, 0},
                      BadText{"surrogate", "ok\xED\xA0\x80", TextProblem::invalid_utf8, 2},
                      BadText{"above_unicode", "\xF4\x90\x80\x80", TextProblem::invalid_utf8, 0},
                      BadText{"nul_in_word", std::string("abcdefgh\0ij", 11), TextProblem::nul_byte, 8},
                      BadText{"nul_first", std::string("\0", 1), TextProblem::nul_byte, 0},
                      BadText{"bom_inside", "name\xEF\xBB\xBFrest", TextProblem::byte_order_mark, 4}),
    [](const auto& info) { return info.param.name; });

TEST(TextCheck, DescriptionCountsBytesFromOne) {
  EXPECT_EQ(describe(TextIssue{TextProblem::invalid_utf8, 3}), "invalid UTF-8 at byte 4");
  EXPECT_EQ(describe(TextIssue{TextProblem::nul_byte, 0}), "NUL byte at byte 1");
  EXPECT_EQ(describe(TextIssue{TextProblem::byte_order_mark, 0}),
            "byte order mark (U+FEFF) at byte 1 (two files joined together?)");
}

}  // namespace
}  // namespace oss::source

namespace oss::source {
namespace {

// A 10 MB field is a broken export (a lost quote swallowing the file), not a name: refused, and the message
// says the limit instead of quoting the field.
TEST(TextCheck, AFieldLongerThanTheLimitIsRefused) {
  EXPECT_FALSE(find_text_issue(std::string(kMaxFieldBytes, 'x')));
  const auto issue = find_text_issue(std::string(10 * 1024 * 1024, 'x'));
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->problem, TextProblem::too_long);
  EXPECT_EQ(describe(*issue), "too long: more than 65536 bytes (a lost quote that swallowed the rest of the file?)");
}

}  // namespace
}  // namespace oss::source

namespace oss::source {
namespace {

TEST(PlainAscii, NulOrAnyByteBeyondAsciiAnywhereFails) {
  EXPECT_TRUE(is_plain_ascii(""));
  EXPECT_TRUE(is_plain_ascii("ada@example.com,Ada Lovelace,true,\"eu\"\r\n\x7f\t"));
  // Every length around the 16- and 8-byte steps, with the bad byte at every position (step or tail).
  for (std::size_t size = 1; size <= 40; ++size) {
    EXPECT_TRUE(is_plain_ascii(std::string(size, 'a'))) << size;
    for (std::size_t at = 0; at < size; ++at) {
      for (const char bad : {'\0', '\x80', '\xC3', '\xFF'}) {
        std::string text(size, 'a');
        text[at] = bad;
        EXPECT_FALSE(is_plain_ascii(text)) << "size " << size << " at " << at << " byte " << int(bad);
      }
    }
  }
}

// The row-level shortcut in the CSV reader stands for find_text_issue on each field: it may only say "plain" of
// text in which find_text_issue finds nothing.
TEST(PlainAscii, ImpliesNoTextIssue) {
  std::mt19937 random(11);
  const std::string bytes("a,\"\n\0\x7f\x80\xC3\xA9\xEF\xBB\xBF", 12);
  int plain = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 20, ' ');
    for (char& c : text) c = bytes[random() % bytes.size()];
    if (is_plain_ascii(text)) {
      ++plain;
      EXPECT_FALSE(find_text_issue(text)) << text;
    }
  }
  EXPECT_GT(plain, 1000);  // the shortcut was taken often enough to mean something
}

}  // namespace
}  // namespace oss::source
