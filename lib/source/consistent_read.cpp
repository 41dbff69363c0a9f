#include "source/consistent_read.hpp"

#include <algorithm>
#include <optional>

#include "source/source_failure.hpp"

namespace oss::source {

namespace {
// The first file that differs between two stampings, for the message.
std::string first_change(const std::vector<FileStamp>& before, const std::vector<FileStamp>& after) {
  for (const auto& stamp : after) {
    const auto it = std::find_if(before.begin(), before.end(), [&](const FileStamp& s) { return s.path == stamp.path; });
    if (it == before.end()) return stamp.path.string() + " appeared";
    if (!(*it == stamp)) return stamp.path.string() + " changed";
  }
  for (const auto& stamp : before) {
    const auto it = std::find_if(after.begin(), after.end(), [&](const FileStamp& s) { return s.path == stamp.path; });
    if (it == after.end()) return stamp.path.string() + " disappeared";
  }
  return "the file list changed";
}
}  // namespace

snapshot::Snapshot read_consistently(const ConsistentRead& how) {
  std::string last_change;
  for (int attempt = 1; attempt <= kMaxReadAttempts; ++attempt) {
    const std::vector<FileStamp> before = how.stamp_files();
    std::optional<snapshot::Snapshot> snapshot;
    std::optional<SourceFailure> failure;
    try {
      snapshot = how.read(before);
    } catch (const SourceStopped&) {
      throw;  // a stop, not a torn read: reading again would only delay it
    } catch (const SourceFailure& error) {
      failure = error;
    }
    if (how.after_read) how.after_read(attempt);
    std::vector<FileStamp> after;
    try {
      after = how.stamp_files();
    } catch (const SourceFailure&) {
      if (attempt == kMaxReadAttempts) throw;  // e.g. a file vanished between listing and stat: try again
      last_change = "a file disappeared";
      continue;
    }
    if (after == before) {
      if (failure) throw *failure;
      return std::move(*snapshot);
    }
    last_change = first_change(before, after);
  }
  throw SourceFailure(snapshot::SourceError{
      how.origin, 0, "",
      "kept changing while it was read (" + std::to_string(kMaxReadAttempts) + " attempts; last: " + last_change +
          "); the writer should write a new file and rename it into place"});
}

}  // namespace oss::source
