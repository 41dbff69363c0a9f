#pragma once
// A source reads the organisation's list of people into a Snapshot (see ARCHITECTURE.md: the pipeline's first
// stage). Everything that can go wrong comes back as SourceError values naming file, line and column.
#include <memory>

#include "snapshot/snapshot.hpp"
#include "source/csv/csv_reader.hpp"
#include "source/records/record_file.hpp"
#include "source/source_failure.hpp"
#include "source/source_options.hpp"

namespace oss::source {

class Source {
 public:
  virtual ~Source() = default;
  // The users as they are now. Throws SourceFailure when no trustworthy snapshot can be made.
  virtual snapshot::Snapshot read() = 0;
};

std::unique_ptr<Source> make_source(const SourceOptions& options);

}  // namespace oss::source
