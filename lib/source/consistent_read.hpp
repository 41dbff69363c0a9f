#pragma once
// A snapshot must show the files as they were at one moment. A writer that replaces or appends to a file while
// we read it would otherwise hand us half of each version. So: stamp the files, read them, stamp them again; if
// anything changed (a file added, removed, replaced or written), read again, up to kMaxReadAttempts times.
#include <functional>
#include <string>
#include <vector>

#include "snapshot/snapshot.hpp"
#include "source/file_stamp.hpp"

namespace oss::source {

inline constexpr int kMaxReadAttempts = 3;

struct ConsistentRead {
  std::string origin;                                                        // the file or folder, for the error
  std::function<std::vector<FileStamp>()> stamp_files;                       // lists and stamps what will be read
  std::function<snapshot::Snapshot(const std::vector<FileStamp>&)> read;     // reads exactly those files
  // Test seam: runs after each attempt's read, before the files are stamped again (attempt counts from 1).
  std::function<void(int attempt)> after_read;
};

// The snapshot of the first attempt whose files did not change under it. A SourceFailure from an attempt whose
// files changed is taken for a torn read and retried; otherwise it is passed on. After kMaxReadAttempts changed
// attempts: SourceFailure naming the file that kept changing. SourceStopped is passed on at once.
snapshot::Snapshot read_consistently(const ConsistentRead& how);

}  // namespace oss::source
