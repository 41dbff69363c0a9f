#pragma once
// Structured log events: `log_event(level, "cycle finished", {{"created", 3}, {"failed", 0}})` becomes
//   text: 2024-05-01T12:00:00.123Z info     cycle finished created=3 failed=0
//   json: {"time":"2024-05-01T12:00:00.123Z","level":"info","message":"cycle finished","created":3,"failed":0}
#include <spdlog/logger.h>

#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace oss::logging {

struct Field {
  using Value = std::variant<std::string, std::int64_t, double, bool>;

  Field(std::string key_, std::string_view value_) : key(std::move(key_)), value(std::string(value_)) {}
  Field(std::string key_, const char* value_) : key(std::move(key_)), value(std::string(value_)) {}
  Field(std::string key_, std::string value_) : key(std::move(key_)), value(std::move(value_)) {}
  Field(std::string key_, bool value_) : key(std::move(key_)), value(value_) {}
  Field(std::string key_, double value_) : key(std::move(key_)), value(value_) {}
  template <std::integral Integer>
    requires(!std::same_as<Integer, bool>)
  Field(std::string key_, Integer value_) : key(std::move(key_)), value(static_cast<std::int64_t>(value_)) {}

  std::string key;
  Value value;
};

// Logs `message` with `fields` through the default logger (set up by setup_logging).
void log_event(spdlog::level::level_enum level, std::string_view message, const std::vector<Field>& fields = {});
// The same through a given logger (tests, or a component with a logger of its own).
void log_event(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
               const std::vector<Field>& fields = {});

// The fields of the event being formatted on this thread; empty for plain spdlog calls. The formatters read
// them: our sinks are synchronous, so formatting happens inside the log_event call on the same thread.
std::span<const Field> current_fields();

}  // namespace oss::logging
