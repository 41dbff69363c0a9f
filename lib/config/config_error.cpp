#include "config/config_error.hpp"

#include <fmt/format.h>

namespace oss::config {
namespace {

std::string describe(const std::string& file, const std::string& key_path, int line, int column,
                     const std::string& message) {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}:{}", line, column);
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  return out + message;
}

}  // namespace

ConfigError::ConfigError(const std::filesystem::path& file_, std::string key_path_, int line_, int column_,
                         std::string message_)
    : std::runtime_error(describe(file_.string(), key_path_, line_, column_, message_)),
      file(file_.string()),
      key_path(std::move(key_path_)),
      line(line_),
      column(column_),
      message(std::move(message_)) {}

}  // namespace oss::config
