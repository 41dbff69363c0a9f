// libFuzzer: the configuration loader on any bytes. ConfigError (naming file, line and key) is the only way it
// may refuse them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"
#include "config/config_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  try {
    (void)oss::config::parse_config(yaml, "/nonexistent/fuzz/config.yaml");
  } catch (const oss::config::ConfigError&) {
  }
  return 0;
}
