#include "snapshot/last_run.hpp"

#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "state/private_files.hpp"

namespace oss::snapshot {

namespace json = boost::json;

namespace {

[[noreturn]] void corrupt(const std::filesystem::path& file, const std::string& why) {
  throw std::runtime_error(file.string() + ": " + why + " (delete the file to start afresh)");
}

template <typename Integer>
Integer read_integer(const json::object& object, const char* key, const std::filesystem::path& file) {
  const json::value* value = object.if_contains(key);
  if (!value) corrupt(file, std::string("missing \"") + key + '"');
  boost::system::error_code ec;
  const auto number = value->to_number<Integer>(ec);
  if (ec) corrupt(file, std::string("\"") + key + "\" is not a whole number in range: " + json::serialize(*value));
  return number;
}

}  // namespace

std::optional<LastRun> load_last_run(const std::filesystem::path& state_dir) {
  const auto file = state_dir / kLastRunFile;
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (status.type() == std::filesystem::file_type::not_found) return std::nullopt;  // the first run
  if (error) throw std::runtime_error(file.string() + ": " + error.message());
  std::ifstream input(file, std::ios::binary);
  if (!input) throw std::runtime_error(file.string() + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << input.rdbuf();
  if (input.bad()) throw std::runtime_error(file.string() + ": cannot read");

  boost::system::error_code ec;
  const json::value document = json::parse(text.str(), ec);
  if (ec) corrupt(file, "not valid JSON: " + ec.message());
  if (!document.is_object()) corrupt(file, "expected a JSON object");
  const json::object& object = document.get_object();
  return LastRun{read_integer<std::size_t>(object, "source_records", file),
                 read_integer<std::size_t>(object, "remote_users", file),
                 read_integer<std::int64_t>(object, "finished_unix", file)};
}

void save_last_run(const std::filesystem::path& state_dir, const LastRun& last_run) {
  const json::object document{
      {"source_records", last_run.source_records},
      {"remote_users", last_run.remote_users},
      {"finished_unix", last_run.finished_unix},
  };
  state::write_private_file_atomically(state_dir / kLastRunFile, json::serialize(document) + "\n");
}

}  // namespace oss::snapshot
