#include "source/source_failure.hpp"

#include <algorithm>

namespace oss::source {

namespace {
// The message shows a handful of errors: enough to fix the first batch without flooding a log line.
constexpr std::size_t kShownErrors = 10;

std::string describe(const std::vector<snapshot::SourceError>& errors, bool stopped_early) {
  std::string text;
  const std::size_t shown = std::min(errors.size(), kShownErrors);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) text += '\n';
    text += errors[i].to_string();
  }
  if (errors.size() > shown) text += "\n(and " + std::to_string(errors.size() - shown) + " more)";
  if (stopped_early) text += "\n(stopped at " + std::to_string(errors.size()) + " errors; the source may hold more)";
  return text;
}
}  // namespace

SourceFailure::SourceFailure(std::vector<snapshot::SourceError> errors_, bool stopped_early)
    : std::runtime_error(describe(errors_, stopped_early)), errors(std::move(errors_)) {}

SourceFailure::SourceFailure(snapshot::SourceError error)
    : SourceFailure(std::vector<snapshot::SourceError>{std::move(error)}) {}

SourceStopped::SourceStopped(std::string origin)
    : SourceFailure(snapshot::SourceError{std::move(origin), 0, "", "the read was stopped before it finished"}) {}

}  // namespace oss::source
