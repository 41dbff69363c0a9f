#include "source/records/directory_listing.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <system_error>

#include "source/source_failure.hpp"

namespace oss::source {

namespace {
std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, const std::error_code& error) {
  throw SourceFailure(snapshot::SourceError{path.string(), 0, "", what + ": " + error.message()});
}
}  // namespace

std::optional<SourceFileKind> source_file_kind(const std::filesystem::path& name) {
  const std::string file = name.filename().string();
  if (file.empty() || file.front() == '.' || file.back() == '~') return std::nullopt;
  const std::string extension = lower(name.extension().string());
  if (extension == ".csv") return SourceFileKind::csv;
  if (extension == ".json") return SourceFileKind::json;
  if (extension == ".yaml" || extension == ".yml") return SourceFileKind::yaml;
  return std::nullopt;  // .tmp, .part and every other extension
}

std::vector<SourceFile> list_source_files(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::directory_iterator it(folder, error);
  if (error) fail(folder, "cannot list the folder", error);

  std::vector<SourceFile> files;
  for (const fs::directory_iterator end; it != end; it.increment(error)) {
    if (error) fail(folder, "cannot list the folder", error);
    const fs::path& path = it->path();
    const auto kind = source_file_kind(path);
    if (!kind) continue;
    const fs::file_status status = fs::status(path, error);  // follows links
    if (error || status.type() == fs::file_type::not_found) {
      if (!error) error = std::make_error_code(std::errc::no_such_file_or_directory);
      fail(path, it->is_symlink() ? "cannot follow the symbolic link" : "cannot read", error);
    }
    if (fs::is_regular_file(status)) files.push_back({path, *kind});
  }
  if (error) fail(folder, "cannot list the folder", error);
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace oss::source
