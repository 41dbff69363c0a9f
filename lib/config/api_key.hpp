#pragma once
// The Omni API key, read where the configuration says (secret/secret.hpp keeps it).
#include "config/config.hpp"
#include "secret/secret.hpp"

namespace oss::config {

// From the environment variable omni.api_key_env, or from the file omni.api_key_file (a leading
// $CREDENTIALS_DIRECTORY is expanded, for systemd's LoadCredential=). Surrounding white space (the trailing
// newline of `echo key > file`) is trimmed. A key file that group or others may read is used, with a warning.
// Throws secret::SecretError naming the variable or file, never the value.
secret::ApiKey load_api_key(const OmniConfig& omni);

}  // namespace oss::config
