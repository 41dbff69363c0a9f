#pragma once
// Secrets (the Omni API key, the LDAP bind password): kept out of logs, messages and core dumps as far as a
// process can, and read from files. The lowest floor but model, so that a source (the LDAP bind password) and the
// configuration (the API key, config/api_key.hpp) read them the same way.
#include <fmt/format.h>

#include <iosfwd>
#include <stdexcept>
#include <string>

#include <filesystem>
#include <string_view>

namespace oss::secret {

class Secret {
 public:
  explicit Secret(std::string key) : key_(std::move(key)) {}
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  // Copies would be more places to wipe; one secret object is passed by reference instead.
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  // For the one place that uses it (the Authorization header, the LDAP bind). Nothing else should need the text.
  [[nodiscard]] const std::string& reveal() const { return key_; }

 private:
  void wipe() noexcept;
  std::string key_;
};

using ApiKey = Secret;

// Prints *** so that a secret passed to a log call by mistake does not leak.
std::ostream& operator<<(std::ostream& out, const Secret& secret);

// A missing, empty, unreadable or malformed key. Names the variable or file, never the value.
// The CLI treats it like a ConfigError (exit status 78).
class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Keeps secrets out of core dumps for the rest of the process's life: not dumpable (PR_SET_DUMPABLE 0, which also
// stops a core_pattern pipe and ptrace by other users) and RLIMIT_CORE 0. Called first thing in main. Returns
// false if the kernel refused either (nothing else to do then).
bool keep_secrets_out_of_core_dumps() noexcept;

// A secret kept in a file, read the way omni.api_key_file is: a leading $CREDENTIALS_DIRECTORY expanded, a regular
// file of at most 64 KiB, surrounding white space trimmed, refused when empty, a warning when group or others may
// read it. `what` ("the API key") and `key` ("omni.api_key_file") name it in messages; the value never appears.
Secret read_secret_file(const std::filesystem::path& configured, std::string_view what, std::string_view key);

// `path` with a leading $CREDENTIALS_DIRECTORY (or ${...}) replaced by its value; throws SecretError naming `key`
// when the variable is not set.
std::filesystem::path expand_credentials_directory(const std::filesystem::path& path, std::string_view key);

// "the file F (key)": how messages name a secret's file (after expand_credentials_directory).
std::string secret_file_origin(const std::filesystem::path& file, std::string_view key);

}  // namespace oss::secret

template <>
struct fmt::formatter<oss::secret::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const oss::secret::Secret&, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format("***", context);
  }
};
