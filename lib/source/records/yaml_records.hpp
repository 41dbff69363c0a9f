#pragma once
#include <string>
#include <string_view>

#include "source/active_words.hpp"
#include "source/snapshot_builder.hpp"

namespace oss::source {

// YAML records (see record_file.hpp) into `builder`, with line numbers from yaml-cpp's marks. Several documents
// (`---`) in one file are read one after another. Plain scalars are typed as YAML 1.2's core schema says
// (true/false, numbers, null); quoted scalars are always strings. An active field is true/false, or any other
// scalar read as a word by `active_words` (null as a blank one).
void read_yaml_records(std::string_view text, const std::string& file, const ActiveWords& active_words,
                       SnapshotBuilder& builder);

}  // namespace oss::source
