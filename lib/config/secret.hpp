#pragma once
// The Omni API key: kept out of logs, messages and core dumps as far as a process can.
#include <fmt/format.h>

#include <iosfwd>
#include <stdexcept>
#include <string>

#include "config/config.hpp"

namespace oss::config {

class ApiKey {
 public:
  explicit ApiKey(std::string key) : key_(std::move(key)) {}
  ApiKey(ApiKey&& other) noexcept;
  ApiKey& operator=(ApiKey&& other) noexcept;
  // Copies would be more places to wipe; one key object is passed by reference instead.
  ApiKey(const ApiKey&) = delete;
  ApiKey& operator=(const ApiKey&) = delete;
  ~ApiKey();

  // For the one place that builds the Authorization header. Nothing else should need the text.
  [[nodiscard]] const std::string& reveal() const { return key_; }

 private:
  void wipe() noexcept;
  std::string key_;
};

// Prints *** so that a key passed to a log call by mistake does not leak.
std::ostream& operator<<(std::ostream& out, const ApiKey& key);

// A missing, empty, unreadable or malformed key. Names the variable or file, never the value.
// The CLI treats it like a ConfigError (exit status 78).
class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// From the environment variable omni.api_key_env, or from the file omni.api_key_file (a leading
// $CREDENTIALS_DIRECTORY is expanded, for systemd's LoadCredential=). Surrounding white space (the trailing
// newline of `echo key > file`) is trimmed. A key file that group or others may read is used, with a warning.
ApiKey load_api_key(const OmniConfig& omni);

}  // namespace oss::config

template <>
struct fmt::formatter<oss::config::ApiKey> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const oss::config::ApiKey&, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format("***", context);
  }
};
