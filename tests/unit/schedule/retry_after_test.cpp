#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "schedule/retry_after.hpp"

namespace oss::schedule {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

// 1994-11-06 08:49:30 UTC: seven seconds before the date in RFC 9110's examples.
const system_clock::time_point kNow = sys_days{1994y / November / 6} + 8h + 49min + 30s;

struct RetryAfterCase {
  std::string name;
  std::string value;
  std::optional<seconds> expected;
  friend void PrintTo(const RetryAfterCase& c, std::ostream* os) { *os << c.name; }
};

class ParseRetryAfter : public ::testing::TestWithParam<RetryAfterCase> {};

TEST_P(ParseRetryAfter, Parses) { EXPECT_EQ(parse_retry_after(GetParam().value, kNow), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Values, ParseRetryAfter,
    ::testing::Values(
        RetryAfterCase{"Seconds", "120", 120s},
        RetryAfterCase{"Zero", "0", 0s},
        RetryAfterCase{"SurroundingWhiteSpace", " \t30 ", 30s},
        RetryAfterCase{"LeadingZeros", "007", 7s},
        RetryAfterCase{"HugeIsClamped", "86400", kMaxRetryAfter},
        RetryAfterCase{"BeyondUint64IsClamped", "99999999999999999999999999", kMaxRetryAfter},
        RetryAfterCase{"ImfFixdate", "Sun, 06 Nov 1994 08:49:37 GMT", 7s},
        RetryAfterCase{"ImfFixdateAnyCase", "sun, 06 NOV 1994 08:49:37 gmt", 7s},
        RetryAfterCase{"Rfc850", "Sunday, 06-Nov-94 08:49:37 GMT", 7s},
        RetryAfterCase{"Asctime", "Sun Nov  6 08:49:37 1994", 7s},
        RetryAfterCase{"PastDateIsZero", "Sun, 06 Nov 1994 08:00:00 GMT", 0s},
        RetryAfterCase{"NowIsZero", "Sun, 06 Nov 1994 08:49:30 GMT", 0s},
        RetryAfterCase{"FarFutureDateIsClamped", "Fri, 01 Jan 2100 00:00:00 GMT", kMaxRetryAfter},
        RetryAfterCase{"LeapSecond", "Sun, 06 Nov 1994 08:49:60 GMT", 30s},
        RetryAfterCase{"Empty", "", std::nullopt},
        RetryAfterCase{"Negative", "-5", std::nullopt},
        RetryAfterCase{"Plus", "+5", std::nullopt},
        RetryAfterCase{"Fraction", "1.5", std::nullopt},
        RetryAfterCase{"Unit", "5s", std::nullopt},
        RetryAfterCase{"InnerSpace", "1 0", std::nullopt},
        RetryAfterCase{"Garbage", "soon", std::nullopt},
        RetryAfterCase{"NotGmt", "Sun, 06 Nov 1994 08:49:37 PST", std::nullopt},
        RetryAfterCase{"BadMonth", "Sun, 06 Foo 1994 08:49:37 GMT", std::nullopt},
        RetryAfterCase{"BadDay", "Sun, 31 Nov 1994 08:49:37 GMT", std::nullopt},
        RetryAfterCase{"BadHour", "Sun, 06 Nov 1994 24:00:00 GMT", std::nullopt},
        RetryAfterCase{"BadMinute", "Sun, 06 Nov 1994 08:60:00 GMT", std::nullopt},
        RetryAfterCase{"UnpaddedDay", "Sun, 6 Nov 1994 08:49:37 GMT", std::nullopt},
        RetryAfterCase{"TrailingText", "Sun, 06 Nov 1994 08:49:37 GMT x", std::nullopt},
        RetryAfterCase{"CutShort", "Sun, 06 Nov 1994 08:49", std::nullopt},
        RetryAfterCase{"Rfc850WithShortDayName", "Sun, 06-Nov-94 08:49:37 GMT", std::nullopt},
        RetryAfterCase{"ControlCharacters", std::string("12\0", 3), std::nullopt}),
    [](const ::testing::TestParamInfo<RetryAfterCase>& info) { return info.param.name; });

TEST(ParseRetryAfter, AsctimeTwoDigitDay) {
  const auto now = sys_days{1994y / November / 16} + 8h + 49min;
  EXPECT_EQ(parse_retry_after("Wed Nov 16 08:49:37 1994", now), 37s);
}

TEST(ParseRetryAfter, DateSecondsAreRoundedUp) {
  // Half a second before the date: waiting 0 s would come back early.
  const auto now = sys_days{1994y / November / 6} + 8h + 49min + 36s + 500ms;
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 1s);
}

TEST(ParseRetryAfter, Rfc850TwoDigitYearsPickTheCenturyFromNow) {
  // From 2030, "31" is 2031 (one year ahead) and "94" is 1994 (2094 is more than 50 years ahead).
  const auto now = sys_days{2030y / January / 1} + 0s;
  EXPECT_EQ(parse_retry_after("Wednesday, 01-Jan-31 00:00:00 GMT", now), kMaxRetryAfter);
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), 0s);
  EXPECT_EQ(parse_retry_after("Tuesday, 01-Jan-30 00:20:00 GMT", now), 20min);
}

}  // namespace
}  // namespace oss::schedule
