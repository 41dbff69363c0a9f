#include "source/value_budget.hpp"

#include "source/source_failure.hpp"

namespace oss::source {

namespace {
// Looking at the stop token is cheap, but not free: every this many values.
constexpr std::size_t kValuesBetweenStopChecks = 4096;

const char* const kAliasNote = " (a YAML alias counts again at every use)";
}  // namespace

void ValueBudget::begin_record() {
  record_values_ = 0;
  record_attributes_ = 0;
}

void ValueBudget::count_value(std::size_t line, std::string_view field) {
  ++file_values_;
  ++record_values_;
  if (record_values_ > kMaxValuesPerRecord)
    refuse(line, field, "the record holds more than " + std::to_string(kMaxValuesPerRecord) + " values" + kAliasNote);
  if (file_values_ > kMaxValuesPerFile)
    refuse(line, field, "the file holds more than " + std::to_string(kMaxValuesPerFile) + " values" + kAliasNote +
                            "; split it into several files of the folder");
  if (file_values_ % kValuesBetweenStopChecks == 0) builder_.throw_if_stop_requested();
}

void ValueBudget::count_attribute(std::size_t line, std::string_view field) {
  if (++record_attributes_ > kMaxAttributesPerRecord)
    refuse(line, field, "the record has more than " + std::to_string(kMaxAttributesPerRecord) + " attributes");
}

void ValueBudget::check_list(std::size_t length, std::size_t line, std::string_view field) const {
  if (length > kMaxListLength)
    refuse(line, field, "a list of " + std::to_string(length) + " values; at most " + std::to_string(kMaxListLength));
}

void ValueBudget::refuse(std::size_t line, std::string_view field, std::string message) const {
  throw SourceFailure(snapshot::SourceError{file_, line, std::string(field), std::move(message)});
}

}  // namespace oss::source
