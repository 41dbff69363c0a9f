#pragma once
// `source.type: directory`: every CSV, JSON and YAML file of a folder (see directory_listing.hpp), merged into one
// snapshot in name order, read consistently (see consistent_read.hpp). A userName in two files is an error naming
// both.
#include <functional>

#include "source/source.hpp"

namespace oss::source {

class DirectorySource final : public Source {
 public:
  // `after_read` is a test seam (see ConsistentRead::after_read).
  explicit DirectorySource(SourceOptions options, std::function<void(int attempt)> after_read = {});
  snapshot::Snapshot read() override;

 private:
  SourceOptions options_;
  std::function<void(int)> after_read_;
};

}  // namespace oss::source
