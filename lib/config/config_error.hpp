#pragma once
// A configuration problem, located: what() reads "config.yaml:12:3: sync.max_deletes: expected a
// non-negative integer, got \"lots\"".
#include <filesystem>
#include <stdexcept>
#include <string>

namespace oss::config {

class ConfigError : public std::runtime_error {
 public:
  // line and column are 1-based; 0 when unknown (e.g. the file cannot be read), and then left out of what().
  ConfigError(const std::filesystem::path& file, std::string key_path, int line, int column, std::string message);

  std::string file;
  std::string key_path;  // "sync.max_deletes"; empty for problems with the file as a whole
  int line;
  int column;
  std::string message;   // the explanation alone, without the location
};

}  // namespace oss::config
