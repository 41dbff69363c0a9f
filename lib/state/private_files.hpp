#pragma once
// Files under state_dir hold who-was-synced facts: they are created readable by the service user only.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace oss::state {

// A state folder another local user could plant files or symlinks in: whatever we then open there (the lock,
// the audit log, last-run.json that the shrink guard trusts) would be theirs to choose. A configuration error.
class UnsafeStateDir : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws UnsafeStateDir when `folder` exists but is not a directory, is owned by another user than this process's,
// or is writable by group or others. A folder that does not exist yet is fine: it is created with mode 0700.
void check_private_directory(const std::filesystem::path& folder);

// Creates the folder (and missing parents) with mode 0700, then checks it with check_private_directory.
// Throws std::system_error naming the folder, or UnsafeStateDir.
void ensure_private_directory(const std::filesystem::path& folder);

// Replaces `file` with `content` atomically, mode 0600: a temporary file of an unpredictable name created with
// O_EXCL (never a link someone planted), fsync, rename, fsync of the folder.
void write_private_file_atomically(const std::filesystem::path& file, std::string_view content);

// A state file that must not be trusted (a link, another user's file, one others may write, unreadable); the
// message names the file and what is wrong.
class UntrustedFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the whole of `file` through a descriptor that was checked: a link, a file of another user or one that
// others may write could have been planted to steer the next cycle. nullopt when there is no such file; throws
// UntrustedFile otherwise.
std::optional<std::string> read_private_file(const std::filesystem::path& file);

}  // namespace oss::state
