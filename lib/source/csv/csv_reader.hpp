#pragma once
// CSV files as a source: one header row, then one user per row (see csv_columns.hpp for which column is what).
#include <filesystem>
#include <string>
#include <string_view>

#include "snapshot/snapshot.hpp"
#include "source/byte_reader.hpp"
#include "source/snapshot_builder.hpp"
#include "source/source_options.hpp"

namespace oss::source {

// Reads one CSV file, streaming it in chunks. Throws SourceFailure for file-level problems and, under
// `on_error: fail`, for invalid rows. No consistency check: CsvSource adds that.
snapshot::Snapshot read_csv_file(const std::filesystem::path& file, const SourceOptions& options);

// The same for text already in memory; `origin_name` stands for the file name in messages.
snapshot::Snapshot read_csv_text(std::string_view text, std::string_view origin_name, const SourceOptions& options);

// Adds the rows of one CSV input to `builder` (the directory source merges several files this way).
void read_csv_into(ByteReader& input, const std::string& file, const SourceOptions& options,
                   SnapshotBuilder& builder);

}  // namespace oss::source
