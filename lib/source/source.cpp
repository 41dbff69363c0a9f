#include "source/source.hpp"

#include "source/csv/csv_source.hpp"
#include "source/records/directory_source.hpp"
#include "source/ldap/ldap_source.hpp"

namespace oss::source {

std::unique_ptr<Source> make_source(const SourceOptions& options) {
  switch (options.type) {
    case SourceType::csv: return std::make_unique<CsvSource>(options);
    case SourceType::directory: return std::make_unique<DirectorySource>(options);
    case SourceType::ldap: return std::make_unique<LdapSource>(options);
  }
  throw std::invalid_argument("unknown source type");
}

}  // namespace oss::source
