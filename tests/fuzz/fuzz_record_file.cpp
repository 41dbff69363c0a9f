// libFuzzer: the directory source's record parser (JSON and YAML) on any bytes. The first byte picks the format;
// SourceFailure is the only way it may refuse them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "source/records/record_file.hpp"
#include "source/source_failure.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto format = (data[0] & 1) ? oss::source::RecordFormat::yaml : oss::source::RecordFormat::json;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  oss::source::SourceOptions options;
  options.on_error = (data[0] & 2) ? oss::source::OnError::skip : oss::source::OnError::fail;
  try {
    (void)oss::source::read_record_text(text, "fuzz.records", format, options);
  } catch (const oss::source::SourceFailure&) {
  }
  return 0;
}
