// libFuzzer: the directory source's record parser (JSON and YAML) on any bytes. The first byte picks the format;
// SourceFailure is the only way it may refuse them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "source/record_file.hpp"
#include "source/source_failure.hpp"

namespace {
// OSS_FUZZ_JSON_ONLY=1 keeps every input on the JSON parser. CI sets it while yaml-cpp 0.7 (Debian 12) hangs,
// allocating without end, on tests/fuzz/known/yaml-cpp-0.7-hang.records (found 2026-11-29, see scripts/fuzz).
const bool json_only = std::getenv("OSS_FUZZ_JSON_ONLY") != nullptr;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto format =
      (data[0] & 1) && !json_only ? oss::source::RecordFormat::yaml : oss::source::RecordFormat::json;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  oss::source::SourceOptions options;
  options.on_error = (data[0] & 2) ? oss::source::OnError::skip : oss::source::OnError::fail;
  try {
    (void)oss::source::read_record_text(text, "fuzz.records", format, options);
  } catch (const oss::source::SourceFailure&) {
  }
  return 0;
}
