#pragma once
// Whole-file reads and writes for tests; errors name the file.
#include <filesystem>
#include <string>
#include <string_view>

namespace oss::support {

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, std::string_view text);
// Like write_file, but the file is created with mode 0600 (keys, secrets) before any byte is written.
void write_private_file(const std::filesystem::path& path, std::string_view text);

}  // namespace oss::support
