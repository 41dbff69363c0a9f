#pragma once
// Files under state_dir hold who-was-synced facts: they are created readable by the service user only.
#include <filesystem>
#include <string_view>

namespace oss::state {

// Creates the folder (and missing parents) with mode 0700. An existing folder is left as it is.
// Throws std::system_error naming the folder.
void ensure_private_directory(const std::filesystem::path& folder);

// Replaces `file` with `content` atomically (temporary file, fsync, rename, fsync of the folder), mode 0600.
void write_private_file_atomically(const std::filesystem::path& file, std::string_view content);

}  // namespace oss::state
