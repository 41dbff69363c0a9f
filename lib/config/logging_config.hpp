#pragma once
// What the `logging:` section says. A header of its own so lib/logging needs no more of the configuration.
#include <spdlog/common.h>

namespace oss::config {

struct LoggingConfig {
  spdlog::level::level_enum level = spdlog::level::info;
  enum class Format { text, json } format = Format::text;
};

}  // namespace oss::config
