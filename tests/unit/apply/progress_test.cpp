#include "apply/progress.hpp"

#include <gtest/gtest.h>

namespace oss::apply {
namespace {

struct Case {
  std::size_t done, total;
  double rate;
  const char* expected;
};

class ProgressText : public ::testing::TestWithParam<Case> {};

TEST_P(ProgressText, ShowsDoneTotalAndQuotaEta) {
  const auto& c = GetParam();
  EXPECT_EQ(progress_text(c.done, c.total, c.rate), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Table, ProgressText,
                         ::testing::Values(Case{0, 10000, 60, "0/10000, ETA 2h46m"},  // 10,000 min at 60/min
                                           Case{9940, 10000, 60, "9940/10000, ETA 1m0s"},
                                           Case{5, 10, 60, "5/10, ETA 5s"},
                                           Case{1, 10, 600, "1/10, ETA 1s"},
                                           Case{10, 10, 60, "10/10"},
                                           Case{3, 10, 0, "3/10"}));

}  // namespace
}  // namespace oss::apply
