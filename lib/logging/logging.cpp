#include "logging/logging.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "logging/formatters.hpp"

namespace oss::logging {

void setup_logging(const config::LoggingConfig& config) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  sink->set_formatter(make_formatter(config.format, stderr_is_journal()));
  auto logger = std::make_shared<spdlog::logger>("omni-scim-sync", std::move(sink));
  logger->set_level(config.level);
  spdlog::set_default_logger(std::move(logger));
}

std::unique_ptr<spdlog::formatter> make_formatter(config::LoggingConfig::Format format, bool under_journal) {
  if (format == config::LoggingConfig::Format::json) return make_json_formatter();
  return make_text_formatter(under_journal);
}

bool journal_stream_matches(std::string_view journal_stream, std::uint64_t device, std::uint64_t inode) {
  return !journal_stream.empty() && journal_stream == fmt::format("{}:{}", device, inode);
}

bool stderr_is_journal() {
  const char* journal_stream = std::getenv("JOURNAL_STREAM");
  if (journal_stream == nullptr) return false;
  struct stat status {};
  if (::fstat(STDERR_FILENO, &status) != 0) return false;
  return journal_stream_matches(journal_stream, status.st_dev, status.st_ino);
}

}  // namespace oss::logging
