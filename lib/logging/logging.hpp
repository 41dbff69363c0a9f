#pragma once
// Process-wide logging: spdlog to stderr, as text or JSON lines (logging: in the configuration).
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include <spdlog/formatter.h>

#include "config/logging_config.hpp"
#include "logging/event.hpp"

namespace oss::logging {

// Replaces spdlog's default logger with one that writes to stderr in the configured format and level.
void setup_logging(const config::LoggingConfig& config);

// The formatter setup_logging installs, for tests and for extra sinks.
std::unique_ptr<spdlog::formatter> make_formatter(config::LoggingConfig::Format format, bool under_journal);

// True when stderr is connected to journald: JOURNAL_STREAM is set *and* names stderr's device and inode,
// as systemd.exec(5) recommends (a child whose stderr was redirected to a file inherits the variable).
bool stderr_is_journal();
// The comparison itself: `journal_stream` is JOURNAL_STREAM's value, "<device>:<inode>".
bool journal_stream_matches(std::string_view journal_stream, std::uint64_t device, std::uint64_t inode);

}  // namespace oss::logging
