#pragma once
// Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then `name{label="value"} number` lines.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oss::service {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

using Labels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  enum class Type { counter, gauge, histogram };

  // Starts a metric family; its samples must follow before the next family.
  void family(std::string_view name, std::string_view help, Type type);
  void sample(std::string_view name, const Labels& labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }

  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// Label values escape backslash, double quote and newline; HELP text escapes backslash and newline.
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
// Integers without a decimal point, the rest with enough digits to round-trip; NaN and infinities spelled
// the way Prometheus reads them.
std::string format_sample_value(double value);

}  // namespace oss::service
