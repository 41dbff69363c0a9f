#pragma once
// A ca_file (omni.ca_file, source.ca_file for LDAP) checked when the configuration is loaded, so that a wrong
// file is a located configuration error (exit 78) rather than a TLS failure at the first connection.
#include <filesystem>
#include <optional>
#include <string>

namespace oss::config {

// What is wrong with `file` as a CA bundle: missing, unreadable, or holding no PEM certificate. The full parse
// is OpenSSL's when the connection is set up; this catches the usual mistakes (a key, a DER file, a typo).
std::optional<std::string> ca_file_problem(const std::filesystem::path& file);

}  // namespace oss::config
