#pragma once
#include <string>
#include <string_view>

#include "source/snapshot_builder.hpp"

namespace oss::source {

// JSON records (see record_file.hpp) into `builder`. Boost.JSON keeps no positions for values, so each record's
// line is found by a small scan of the (already valid) text for where the record starts.
void read_json_records(std::string_view text, const std::string& file, SnapshotBuilder& builder);

}  // namespace oss::source
