#pragma once
// A snapshot: the desired users as one source read them at one moment, plus the health of that read.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/user.hpp"

namespace oss::snapshot {

// Where a source record went wrong. Printed everywhere as `file:line: column "field": message`.
struct SourceError {
  std::string file;
  std::size_t line = 0;     // 1-based; 0 when the error is about the whole file
  std::string field;        // the column / key, empty when it is about the row or file
  std::string message;
  [[nodiscard]] std::string to_string() const;
};

struct Snapshot {
  std::vector<model::User> users;
  // Records that could not be read and were skipped (source.on_error: skip). Non-empty means the snapshot is
  // incomplete: a person we failed to read may still work here, so deletions must be withheld.
  std::vector<SourceError> skipped;
  std::string origin;       // the file or folder it was read from, for messages
  // Files were read but none had an active column (CSV) or a record with an active field: everyone listed is
  // active, so a leaver keeps access until they are removed from the file. Check and dry runs say so.
  bool no_active_column = false;

  [[nodiscard]] bool complete() const { return skipped.empty(); }
};

inline constexpr std::string_view kNoActiveColumnNotice =
    "no active column: everyone listed is active; people who left must be absent from the file";

}  // namespace oss::snapshot
