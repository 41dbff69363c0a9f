#include <gtest/gtest.h>

#include <string>

#include "omni/body_text.hpp"

namespace oss::omni {
namespace {

struct ExcerptCase {
  std::string name;
  std::string input;
  std::string expected;
  std::size_t limit = 10;
  friend void PrintTo(const ExcerptCase& c, std::ostream* os) { *os << c.name; }
};

class ReadableExcerpt : public ::testing::TestWithParam<ExcerptCase> {};

TEST_P(ReadableExcerpt, IsOneSafeLine) { EXPECT_EQ(readable_excerpt(GetParam().input, GetParam().limit), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Cases, ReadableExcerpt,
    ::testing::Values(
        ExcerptCase{"Plain", "hello", "hello"},
        ExcerptCase{"WhiteSpaceCollapsedAndTrimmed", "  a \r\n\t b  ", "a b"},
        ExcerptCase{"ControlCharactersEscaped", std::string("a\x01z\x7f", 4), "a\\x01z\\x7f", 40},
        ExcerptCase{"NulEscaped", std::string("a\0b", 3), "a\\x00b"},
        ExcerptCase{"ValidUtf8Kept", "J\xc3\xb6rg \xe2\x82\xac", "J\xc3\xb6rg \xe2\x82\xac"},
        ExcerptCase{"InvalidUtf8Escaped", "a\xff\xc3(", "a\\xff\\xc3("},
        ExcerptCase{"OverlongAndSurrogatesEscaped", "\xc0\xaf\xed\xa0\x80", "\\xc0\\xaf\\xed\\xa0\\x80", 40},
        ExcerptCase{"CutAfterTheLimit", "0123456789abcdef", "0123456789..."},
        // The cut never splits a character: the euro sign (3 bytes) is kept whole or left out.
        ExcerptCase{"CutAtCharacterBoundary", "012345678\xe2\x82\xac" "abc", "012345678\xe2\x82\xac..."},
        ExcerptCase{"TrailingSpaceDoesNotCountAsCut", "0123456789   ", "0123456789"}),
    [](const ::testing::TestParamInfo<ExcerptCase>& info) { return info.param.name; });

TEST(ReadableExcerptBound, EscapesCountTowardsTheLimit) {
  // A body of control characters grows four-fold when escaped; the output stays bounded all the same.
  EXPECT_EQ(readable_excerpt(std::string(100000, '\x01'), 10), "\\x01\\x01\\x01...");
}

TEST(StripHtmlTags, DropsTagsScriptsAndStyles) {
  EXPECT_EQ(readable_excerpt(strip_html_tags("<td>a</td><td>b</td>")), "a b");
  EXPECT_EQ(readable_excerpt(strip_html_tags("<SCRIPT>alert(1)</SCRIPT>ok")), "ok");
  EXPECT_EQ(readable_excerpt(strip_html_tags("<style>p{}</style>")), "");
  EXPECT_EQ(readable_excerpt(strip_html_tags("text <unclosed")), "text");
  EXPECT_EQ(readable_excerpt(strip_html_tags("&amp;&unknown; &lt;b&gt;")), "&&unknown; <b>");
}

}  // namespace
}  // namespace oss::omni
