#include "snapshot/snapshot.hpp"

namespace oss::snapshot {

std::string SourceError::to_string() const {
  std::string out = file;
  if (line > 0) out += ':' + std::to_string(line);
  out += ": ";
  if (!field.empty()) out += "column \"" + field + "\": ";
  out += message;
  return out;
}

}  // namespace oss::snapshot
