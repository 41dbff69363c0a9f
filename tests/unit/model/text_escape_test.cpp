// model/text_escape: the one escaping for untrusted text in the plan, text log lines and error messages.
#include <gtest/gtest.h>

#include <string>

#include "model/text_escape.hpp"

namespace oss::model {
namespace {

TEST(TextEscape, C0ControlsAndDelAreEscaped) {
  EXPECT_EQ(without_controls("a\x1b[2Jb"), R"(a\x1b[2Jb)");
  EXPECT_EQ(without_controls("x\n2099-01-01 info forged"), R"(x\n2099-01-01 info forged)");
  EXPECT_EQ(without_controls("a\rb\tc\x7f"), R"(a\rb\tc\x7f)");
  EXPECT_EQ(without_controls(std::string("a\0b", 3)), R"(a\x00b)");
}

TEST(TextEscape, C1ControlsAreEscapedAsCodePoints) {
  // U+009B is CSI: a one-character ESC '[' on terminals that honour 8-bit controls.
  EXPECT_EQ(without_controls("a\xC2\x9B" "2Jb"), R"(a\u{9b}2Jb)");
  EXPECT_EQ(without_controls("\xC2\x80\xC2\x9F"), R"(\u{80}\u{9f})");
}

TEST(TextEscape, BidiControlsAndLineSeparatorsAreEscaped) {
  EXPECT_EQ(without_controls("ada\xE2\x80\xAEmoc.x@y.co"), R"(ada\u{202e}moc.x@y.co)");
  EXPECT_EQ(without_controls("\xE2\x81\xA6x\xE2\x81\xA9"), R"(\u{2066}x\u{2069})");
  EXPECT_EQ(without_controls("\xD8\x9C\xE2\x80\x8E\xE2\x80\x8F\xE2\x80\xAA"), R"(\u{61c}\u{200e}\u{200f}\u{202a})");
  EXPECT_EQ(without_controls("a\xE2\x80\xA8" "b\xE2\x80\xA9"), R"(a\u{2028}b\u{2029})");
}

TEST(TextEscape, InvalidUtf8BytesAreEscapedOneByOne) {
  EXPECT_EQ(without_controls("a\xC2"), R"(a\xc2)");          // a lone lead byte at the end
  EXPECT_EQ(without_controls("a\xC2z"), R"(a\xc2z)");        // a lead byte without its continuation
  EXPECT_EQ(without_controls("\xFF\xFE"), R"(\xff\xfe)");
  EXPECT_EQ(without_controls("\xC0\x9B"), R"(\xc0\x9b)");    // an overlong ESC-ish form is not a character
  EXPECT_EQ(without_controls("\xED\xA0\x80"), R"(\xed\xa0\x80)");  // a UTF-16 surrogate
}

TEST(TextEscape, PlainTextAndNonAsciiLettersAreUntouched) {
  for (const std::string text : {"ada@example.com", "\xC3\xA9mile", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x99\x82",
                                 "a \\ b \" c", "\xE2\x80\x8B"})  // é, 日本, an emoji, backslash, zero-width space
  {
    EXPECT_EQ(without_controls(text), text);
    EXPECT_TRUE(is_printable_text(text)) << text;
  }
  EXPECT_FALSE(is_printable_text("a\xE2\x80\xAE"));
  EXPECT_FALSE(is_printable_text("a\xC2\x9B"));
  EXPECT_FALSE(is_printable_text("a\xFF"));
  EXPECT_FALSE(is_printable_text("a\n"));
}

TEST(TextEscape, QuotedAlsoEscapesQuoteAndBackslash) {
  EXPECT_EQ(quoted("Eve\"\\\n\xE2\x80\xAE\xC3\xA9"), R"("Eve\"\\\n\u{202e})" "\xC3\xA9\"");
  EXPECT_EQ(quoted(""), R"("")");
}

TEST(TextEscape, AppendFormsAddToWhatIsThere) {
  std::string line = "name=";
  append_without_controls(line, "ada\x1b@x.co");
  line += " shown ";
  append_quoted(line, "Ada \"A\"\n");
  append_without_controls(line, "!");
  EXPECT_EQ(line, R"(name=ada\x1b@x.co shown "Ada \"A\"\n"!)");
}

TEST(TextEscape, EscapedTextHasNoControlLeftAndEscapingTwiceChangesNothing) {
  const std::string hostile = "x\x1b[2J\n\xC2\x9B\xE2\x80\xAE\xFF\xC2";
  const std::string once = without_controls(hostile);
  EXPECT_TRUE(is_printable_text(once));
  EXPECT_EQ(without_controls(once), once);
}

}  // namespace
}  // namespace oss::model
