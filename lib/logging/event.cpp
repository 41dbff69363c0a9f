#include "logging/event.hpp"

#include <spdlog/spdlog.h>

namespace oss::logging {
namespace {

thread_local const std::vector<Field>* fields_in_flight = nullptr;

// Publishes the fields for the duration of one log call; restores the previous ones in case a sink logs.
class FieldsScope {
 public:
  explicit FieldsScope(const std::vector<Field>& fields) : previous_(fields_in_flight) { fields_in_flight = &fields; }
  ~FieldsScope() { fields_in_flight = previous_; }
  FieldsScope(const FieldsScope&) = delete;
  FieldsScope& operator=(const FieldsScope&) = delete;

 private:
  const std::vector<Field>* previous_;
};

}  // namespace

std::span<const Field> current_fields() {
  if (fields_in_flight == nullptr) return {};
  return {fields_in_flight->data(), fields_in_flight->size()};
}

void log_event(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
               const std::vector<Field>& fields) {
  if (!logger.should_log(level)) return;
  FieldsScope scope(fields);
  // The string_view overload logs the text as it is: braces in a message are not format specifiers.
  logger.log(level, spdlog::string_view_t(message.data(), message.size()));
}

void log_event(spdlog::level::level_enum level, std::string_view message, const std::vector<Field>& fields) {
  log_event(*spdlog::default_logger_raw(), level, message, fields);
}

}  // namespace oss::logging
