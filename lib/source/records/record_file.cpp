#include "source/records/record_file.hpp"

#include "source/records/json_records.hpp"
#include "source/records/yaml_records.hpp"

namespace oss::source {

void read_records_into(std::string_view text, const std::string& file, RecordFormat format,
                       const SourceOptions& options, SnapshotBuilder& builder) {
  const ActiveWords active_words(options.active_map);
  switch (format) {
    case RecordFormat::json: read_json_records(text, file, active_words, builder); break;
    case RecordFormat::yaml: read_yaml_records(text, file, active_words, builder); break;
  }
}

snapshot::Snapshot read_record_text(std::string_view text, std::string_view origin_name, RecordFormat format,
                                    const SourceOptions& options) {
  SnapshotBuilder builder(options.on_error, std::string(origin_name), options.stop);
  read_records_into(text, std::string(origin_name), format, options, builder);
  return builder.finish();
}

}  // namespace oss::source
