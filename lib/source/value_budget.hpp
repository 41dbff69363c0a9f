#pragma once
// How much one JSON or YAML record file may expand to once converted, and the counter that enforces it.
// A YAML alias re-uses a node: an 18 KB file can name one 1,000-item list under 1,000 keys in 100 records, which
// yaml-cpp holds as a small shared graph but which converts to 100 million values (a gigabyte, minutes). So the
// readers count every value they visit (an aliased node again at every use) and refuse the file as soon as a cap
// is passed, before the memory is spent. The caps sit far above any real person's record (a few dozen values);
// JSON, which has no aliases, gets the same ones. A refused file fails the whole read, like a syntax error: the
// source is unhealthy and nobody is removed on its account.
#include <cstddef>
#include <string>
#include <string_view>

#include "source/snapshot_builder.hpp"

namespace oss::source {

inline constexpr std::size_t kMaxAttributesPerRecord = 1'000;
inline constexpr std::size_t kMaxListLength = 10'000;         // one attribute's list, or the groups
inline constexpr std::size_t kMaxValuesPerRecord = 100'000;
inline constexpr std::size_t kMaxValuesPerFile = 1'000'000;   // a larger export can be split across the folder

class ValueBudget {
 public:
  // `builder` is asked for a stop request every few thousand values: one large record is not a place to wait.
  ValueBudget(const std::string& file, const SnapshotBuilder& builder) : file_(file), builder_(builder) {}

  void begin_record();
  // One more value (a key with its value, or a list element) of `field` at `line`. Throws SourceFailure naming
  // them once the record or the file passes its cap, SourceStopped once a stop is requested.
  void count_value(std::size_t line, std::string_view field);
  // One more attribute of the record; SourceFailure past kMaxAttributesPerRecord.
  void count_attribute(std::size_t line, std::string_view field);
  // A list of `length` values about to be read; SourceFailure past kMaxListLength.
  void check_list(std::size_t length, std::size_t line, std::string_view field) const;

 private:
  [[noreturn]] void refuse(std::size_t line, std::string_view field, std::string message) const;

  const std::string& file_;
  const SnapshotBuilder& builder_;
  std::size_t file_values_ = 0;
  std::size_t record_values_ = 0;
  std::size_t record_attributes_ = 0;
};

}  // namespace oss::source
