#include "source/source.hpp"

#include "source/csv_source.hpp"
#include "source/directory_source.hpp"

namespace oss::source {

std::unique_ptr<Source> make_source(const SourceOptions& options) {
  switch (options.type) {
    case SourceType::csv: return std::make_unique<CsvSource>(options);
    case SourceType::directory: return std::make_unique<DirectorySource>(options);
  }
  throw std::invalid_argument("unknown source type");
}

}  // namespace oss::source
