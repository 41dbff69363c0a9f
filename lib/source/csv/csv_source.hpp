#pragma once
// `source.type: csv`: one CSV file, read consistently (see consistent_read.hpp).
#include <functional>

#include "source/source.hpp"

namespace oss::source {

class CsvSource final : public Source {
 public:
  // `after_read` is a test seam (see ConsistentRead::after_read).
  explicit CsvSource(SourceOptions options, std::function<void(int attempt)> after_read = {});
  snapshot::Snapshot read() override;

 private:
  SourceOptions options_;
  std::function<void(int)> after_read_;
};

}  // namespace oss::source
