#pragma once
// A read that cannot produce a snapshot: a file-level problem, or invalid records under `on_error: fail`.
#include <stdexcept>
#include <vector>

#include "snapshot/snapshot.hpp"

namespace oss::source {

struct SourceFailure : std::runtime_error {
  // `stopped_early`: the error limit was reached, so the source may hold more problems than listed.
  explicit SourceFailure(std::vector<snapshot::SourceError> errors, bool stopped_early = false);
  explicit SourceFailure(snapshot::SourceError error);

  std::vector<snapshot::SourceError> errors;
};

// The read was stopped on request (SIGTERM/SIGINT) before it finished: there is no snapshot, partial or not, and
// a stop is not a change to retry on.
struct SourceStopped : SourceFailure {
  explicit SourceStopped(std::string origin);
};

}  // namespace oss::source
