#pragma once
#include <string>
#include <string_view>

#include "source/active_words.hpp"
#include "source/snapshot_builder.hpp"

namespace oss::source {

// JSON records (see record_file.hpp) into `builder`. Boost.JSON keeps no positions for values, so each record's
// line is found by a small scan of the (already valid) text for where the record starts. An active field is
// true/false, or a string read by `active_words`.
void read_json_records(std::string_view text, const std::string& file, const ActiveWords& active_words,
                       SnapshotBuilder& builder);

}  // namespace oss::source
