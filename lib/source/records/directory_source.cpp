#include "source/records/directory_source.hpp"


#include "source/byte_reader.hpp"
#include "source/consistent_read.hpp"
#include "source/csv/csv_reader.hpp"
#include "source/records/directory_listing.hpp"
#include "source/records/record_file.hpp"
#include "source/snapshot_builder.hpp"
#include "source/source_failure.hpp"

namespace oss::source {

namespace {

// JSON and YAML parsers want the whole text; these files are small next to a CSV export.
std::string read_whole_file(const std::filesystem::path& path) {
  FileByteReader input(path);
  std::string text;
  char chunk[64 * 1024];
  while (const std::size_t n = input.read(chunk, sizeof chunk)) text.append(chunk, n);
  return text;
}

snapshot::Snapshot read_files(const std::vector<FileStamp>& files, const SourceOptions& options) {
  SnapshotBuilder builder(options.on_error, options.path.string(), options.stop);
  for (const auto& file : files) {
    if (builder.should_stop()) break;
    const std::string name = file.path.string();
    switch (*source_file_kind(file.path)) {
      case SourceFileKind::csv: {
        FileByteReader input(file.path);
        read_csv_into(input, name, options, builder);
        break;
      }
      case SourceFileKind::json:
        read_records_into(read_whole_file(file.path), name, RecordFormat::json, options, builder);
        break;
      case SourceFileKind::yaml:
        read_records_into(read_whole_file(file.path), name, RecordFormat::yaml, options, builder);
        break;
    }
  }
  return builder.finish();
}

}  // namespace

DirectorySource::DirectorySource(SourceOptions options, std::function<void(int)> after_read)
    : options_(std::move(options)), after_read_(std::move(after_read)) {}

snapshot::Snapshot DirectorySource::read() {
  return read_consistently(ConsistentRead{
      options_.path.string(),
      [&] {
        std::vector<FileStamp> stamps;
        for (const auto& file : list_source_files(options_.path)) stamps.push_back(stamp_file(file.path));
        return stamps;
      },
      [&](const std::vector<FileStamp>& files) { return read_files(files, options_); },
      after_read_,
  });
}

}  // namespace oss::source
