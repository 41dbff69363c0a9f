#pragma once
// JSON and YAML files of user records: one record object, or a list of them.
//   {"userName": "ada@example.com", "displayName": "Ada", "active": true,
//    "attributes": {"region": "eu", "level": 3, "tags": ["a", "b"]}}
// Attribute values are typed (string, number, true/false, or a list of those); null means "not set".
// Any other key is an error: a misspelt key must not be ignored silently.
#include <string>
#include <string_view>

#include "snapshot/snapshot.hpp"
#include "source/snapshot_builder.hpp"
#include "source/source_options.hpp"

namespace oss::source {

enum class RecordFormat { json, yaml };

// Parses one file's text into users. Syntax errors and a root that is neither a record nor a list always throw
// SourceFailure; invalid records follow options.on_error.
snapshot::Snapshot read_record_text(std::string_view text, std::string_view origin_name, RecordFormat format,
                                    const SourceOptions& options);

// Adds the records of one file to `builder` (the directory source merges several files this way); a string
// active field is read with options.active_map.
void read_records_into(std::string_view text, const std::string& file, RecordFormat format,
                       const SourceOptions& options, SnapshotBuilder& builder);

}  // namespace oss::source
