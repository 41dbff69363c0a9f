#include "config/api_key.hpp"

#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

#include "model/user.hpp"

namespace oss::config {

using secret::ApiKey;
using secret::SecretError;

namespace {

// Printable ASCII without the space: anything else could split or forge the Authorization header.
// Takes the text already inside an ApiKey, so that it is wiped when the check throws.
ApiKey checked(ApiKey api_key, const std::string& origin) {
  const std::string& key = api_key.reveal();
  if (key.empty()) throw SecretError(fmt::format("the API key from {} is empty", origin));
  for (char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f)
      throw SecretError(fmt::format("the API key from {} contains a space, a control character or a non-ASCII "
                                    "byte; an HTTP header cannot carry it",
                                    origin));
  }
  return api_key;
}

ApiKey from_environment(const std::string& variable) {
  const std::string origin = fmt::format("the environment variable {} (omni.api_key_env)", variable);
  char* value = std::getenv(variable.c_str());
  if (value == nullptr)
    throw SecretError(fmt::format("{} is not set (a running daemon reads it once, at start: restart to change it)", origin));
  ApiKey key(std::string(model::trim(value)));
  // Read once, then gone from the process: the bytes are zeroed where they lie (so /proc/PID/environ, a core or a
  // heap read shows nothing) and the variable removed, so that no child process inherits it.
  // NAME=value lies before `value` in the environment block: the name goes too, so nothing says a key was there.
  char* entry = value - variable.size() - 1;
  ::explicit_bzero(entry, variable.size() + 1 + std::strlen(value));
  ::unsetenv(variable.c_str());
  return checked(std::move(key), origin);
}

ApiKey from_file(const std::filesystem::path& configured) {
  constexpr std::string_view kKey = "omni.api_key_file";
  secret::Secret key = secret::read_secret_file(configured, "the API key", kKey);
  return checked(std::move(key),
                 secret::secret_file_origin(secret::expand_credentials_directory(configured, kKey), kKey));
}

}  // namespace

ApiKey load_api_key(const OmniConfig& omni) {
  if (omni.api_key_file) return from_file(*omni.api_key_file);
  return from_environment(omni.api_key_env);
}

}  // namespace oss::config
