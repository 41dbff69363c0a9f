#include "source/csv/csv_source.hpp"

#include "source/consistent_read.hpp"
#include "source/csv/csv_reader.hpp"

namespace oss::source {

CsvSource::CsvSource(SourceOptions options, std::function<void(int)> after_read)
    : options_(std::move(options)), after_read_(std::move(after_read)) {}

snapshot::Snapshot CsvSource::read() {
  return read_consistently(ConsistentRead{
      options_.path.string(),
      [&] { return std::vector<FileStamp>{stamp_file(options_.path)}; },
      [&](const std::vector<FileStamp>&) { return read_csv_file(options_.path, options_); },
      after_read_,
  });
}

}  // namespace oss::source
