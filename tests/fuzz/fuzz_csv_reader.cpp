// libFuzzer: the CSV reader on any bytes. It may reject them (SourceFailure); anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "source/csv/csv_reader.hpp"
#include "source/source_failure.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  oss::source::SourceOptions options;
  options.columns = {{"attributes.region", "region"}};
  // The first byte picks the error policy, so both paths are explored.
  options.on_error = size > 0 && (data[0] & 1) ? oss::source::OnError::skip : oss::source::OnError::fail;
  try {
    (void)oss::source::read_csv_text(text, "fuzz.csv", options);
  } catch (const oss::source::SourceFailure&) {
  }
  return 0;
}
