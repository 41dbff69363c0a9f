#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "service/prometheus_text.hpp"

namespace oss::service {
namespace {

TEST(PrometheusText, FamilyAndSamplesInExpositionFormat) {
  PrometheusText out;
  out.family("x_total", "Things\nthat happened \\ here", PrometheusText::Type::counter);
  out.sample("x_total", {{"op", "create"}, {"path", "a\"b\\c\nd"}}, 3);
  out.sample("x_total", 0.25);
  EXPECT_EQ(out.text(),
            "# HELP x_total Things\\nthat happened \\\\ here\n"
            "# TYPE x_total counter\n"
            "x_total{op=\"create\",path=\"a\\\"b\\\\c\\nd\"} 3\n"
            "x_total 0.25\n");
}

TEST(PrometheusText, NumbersAsPrometheusReadsThem) {
  EXPECT_EQ(format_sample_value(0), "0");
  EXPECT_EQ(format_sample_value(1795865233), "1795865233");
  EXPECT_EQ(format_sample_value(1795865233.5), "1795865233.5");
  EXPECT_EQ(format_sample_value(-2), "-2");
  EXPECT_EQ(format_sample_value(std::nan("")), "NaN");
  EXPECT_EQ(format_sample_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_sample_value(-std::numeric_limits<double>::infinity()), "-Inf");
}

}  // namespace
}  // namespace oss::service
