#include "schedule/retry_after.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace oss::schedule {

namespace {

using namespace std::chrono;

// A tiny cursor over the header value; every reader fails (returns false) without consuming on a mismatch.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  [[nodiscard]] bool done() const { return pos_ == text_.size(); }

  // ASCII case-insensitive, like the names: "gmt" is as clear as "GMT".
  bool literal(std::string_view expected) {
    if (!matches_ci(expected)) return false;
    pos_ += expected.size();
    return true;
  }

  // Exactly `digits` ASCII digits.
  bool number(int digits, int& out) {
    if (text_.size() - pos_ < static_cast<std::size_t>(digits)) return false;
    int value = 0;
    for (int k = 0; k < digits; ++k) {
      const char c = text_[pos_ + static_cast<std::size_t>(k)];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    pos_ += static_cast<std::size_t>(digits);
    out = value;
    return true;
  }

  // One of `names` (ASCII case-insensitive; the longest that matches); out = its index.
  template <std::size_t N>
  bool name(const std::array<std::string_view, N>& names, int& out) {
    int best = -1;
    for (std::size_t k = 0; k < N; ++k)
      if (matches_ci(names[k]) && (best < 0 || names[k].size() > names[static_cast<std::size_t>(best)].size()))
        best = static_cast<int>(k);
    if (best < 0) return false;
    pos_ += names[static_cast<std::size_t>(best)].size();
    out = best;
    return true;
  }

 private:
  [[nodiscard]] bool matches_ci(std::string_view expected) const {
    if (text_.size() - pos_ < expected.size()) return false;
    for (std::size_t k = 0; k < expected.size(); ++k) {
      char c = text_[pos_ + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      char e = expected[k];
      if (e >= 'A' && e <= 'Z') e = static_cast<char>(e - 'A' + 'a');
      if (c != e) return false;
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

constexpr std::array<std::string_view, 7> kShortDays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays{"Monday", "Tuesday", "Wednesday", "Thursday",
                                                     "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool read_time(Reader& in, Fields& f) {
  return in.number(2, f.hour) && in.literal(":") && in.number(2, f.minute) && in.literal(":") && in.number(2, f.second);
}

// Sun, 06 Nov 1994 08:49:37 GMT
bool read_imf_fixdate(Reader in, Fields& f) {
  int ignored = 0;
  return in.name(kShortDays, ignored) && in.literal(", ") && in.number(2, f.day) && in.literal(" ") &&
         in.name(kMonths, f.month) && in.literal(" ") && in.number(4, f.year) && in.literal(" ") && read_time(in, f) &&
         in.literal(" GMT") && in.done();
}

// Sunday, 06-Nov-94 08:49:37 GMT (the year gets its century later)
bool read_rfc850(Reader in, Fields& f) {
  int ignored = 0;
  return in.name(kLongDays, ignored) && in.literal(", ") && in.number(2, f.day) && in.literal("-") &&
         in.name(kMonths, f.month) && in.literal("-") && in.number(2, f.year) && in.literal(" ") && read_time(in, f) &&
         in.literal(" GMT") && in.done();
}

// Sun Nov  6 08:49:37 1994 (a one-digit day is padded with a space)
bool read_asctime(Reader in, Fields& f) {
  int ignored = 0;
  if (!(in.name(kShortDays, ignored) && in.literal(" ") && in.name(kMonths, f.month) && in.literal(" "))) return false;
  if (!(in.literal(" ") ? in.number(1, f.day) : in.number(2, f.day))) return false;
  return in.literal(" ") && read_time(in, f) && in.literal(" ") && in.number(4, f.year) && in.done();
}

std::optional<sys_seconds> to_time(const Fields& f) {
  const year_month_day date{year{f.year}, month{static_cast<unsigned>(f.month + 1)}, day{static_cast<unsigned>(f.day)}};
  // 60 is a leap second: allowed by the grammar, counted as the next second.
  if (!date.ok() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  return sys_days{date} + hours{f.hour} + minutes{f.minute} + seconds{f.second};
}

std::optional<sys_seconds> parse_http_date(std::string_view text, system_clock::time_point now) {
  Fields f;
  if (read_imf_fixdate(Reader(text), f) || read_asctime(Reader(text), f)) return to_time(f);
  if (read_rfc850(Reader(text), f)) {
    // RFC 9110 section 5.6.7: a two-digit year more than 50 years ahead is in the past century.
    const int this_year = static_cast<int>(year_month_day{floor<days>(now)}.year());
    f.year += 2000 + (this_year / 100 - 20) * 100;
    if (f.year > this_year + 50) f.year -= 100;
    return to_time(f);
  }
  return std::nullopt;
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<seconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
  const auto text = trim_ows(value);
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t delta = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), delta);
    if (ec == std::errc::result_out_of_range) return kMaxRetryAfter;   // all digits, just huge
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return seconds(std::min<std::uint64_t>(delta, static_cast<std::uint64_t>(kMaxRetryAfter.count())));
  }
  const auto date = parse_http_date(text, now);
  if (!date) return std::nullopt;
  if (*date <= now) return seconds(0);
  // Rounded up: coming back a fraction early would only earn another 429.
  return std::min(ceil<seconds>(*date - now), kMaxRetryAfter);
}

}  // namespace oss::schedule
