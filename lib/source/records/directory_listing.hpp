#pragma once
// Which files of a source folder hold users.
#include <filesystem>
#include <optional>
#include <vector>

namespace oss::source {

enum class SourceFileKind { csv, json, yaml };

// By extension, in any case (.csv, .json, .yaml, .yml); nullopt for any other file, and for names that editors
// and copy tools use for work in progress: hidden dot-files, `name~`, `*.tmp`, `*.part`.
std::optional<SourceFileKind> source_file_kind(const std::filesystem::path& name);

struct SourceFile {
  std::filesystem::path path;
  SourceFileKind kind;
};

// The folder's user files, not recursive, sorted by name so that every read merges them in the same order.
// Symbolic links are followed to regular files; a link to something else is skipped like a folder. Throws
// SourceFailure for a folder that cannot be listed, and for a broken link or a link loop (naming the link):
// a file the operator meant to include must not silently drop out.
std::vector<SourceFile> list_source_files(const std::filesystem::path& folder);

}  // namespace oss::source
