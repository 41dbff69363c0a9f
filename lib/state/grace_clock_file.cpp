#include "state/grace_clock_file.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <stdexcept>

#include "model/utc_time.hpp"
#include "state/private_files.hpp"

namespace oss::state {

namespace json = boost::json;

namespace {

constexpr std::string_view kFormatName = "omni-scim-sync grace clock";
constexpr int kVersion = 1;

std::string string_field(const json::object& entry, std::string_view key, std::size_t index) {
  const json::value* value = entry.if_contains(key);
  if (!value || !value->is_string() || value->get_string().empty())
    throw std::runtime_error(fmt::format("gone[{}]: \"{}\" must be a non-empty string", index, key));
  return std::string(value->get_string());
}

std::vector<MissedPerson> parse(std::string_view text) {
  boost::system::error_code ec;
  const json::value document = json::parse(text, ec);
  if (ec) throw std::runtime_error("not valid JSON: " + ec.message());
  const json::object* root = document.if_object();
  if (!root) throw std::runtime_error("expected a JSON object");
  const json::value* format = root->if_contains("format");
  if (!format || !format->is_string() || format->get_string() != kFormatName)
    throw std::runtime_error(fmt::format("\"format\" is not \"{}\"", kFormatName));
  const json::value* version = root->if_contains("version");
  if (!version || !version->is_int64() || version->get_int64() != kVersion)
    throw std::runtime_error(fmt::format("\"version\" is not {} (written by another version of omni-scim-sync?)", kVersion));
  const json::value* gone = root->if_contains("gone");
  if (!gone || !gone->is_array()) throw std::runtime_error("\"gone\" must be an array");
  std::vector<MissedPerson> people;
  for (std::size_t i = 0; i < gone->get_array().size(); ++i) {
    const json::object* entry = gone->get_array()[i].if_object();
    if (!entry) throw std::runtime_error(fmt::format("gone[{}]: expected an object", i));
    MissedPerson person{string_field(*entry, "id", i), string_field(*entry, "userName", i), {}};
    const std::string day = string_field(*entry, "firstMissed", i);
    if (!model::parse_day(day, person.first_missed))
      throw std::runtime_error(fmt::format("gone[{}]: \"firstMissed\" is not a date (YYYY-MM-DD): \"{}\"", i, day));
    people.push_back(std::move(person));
  }
  return people;
}

}  // namespace

LoadedGraceClock load_grace_clock(const std::filesystem::path& state_dir) {
  const std::filesystem::path file = state_dir / kGraceClockFile;
  LoadedGraceClock loaded;
  try {
    const std::optional<std::string> text = read_private_file(file);
    if (!text) return loaded;
    loaded.found = true;
    loaded.people = parse(*text);
  } catch (const UntrustedFile& error) {
    loaded.found = true;
    loaded.problem = error.what();
  } catch (const std::exception& error) {
    loaded.problem = file.string() + ": " + error.what();
  }
  return loaded;
}

void save_grace_clock(const std::filesystem::path& state_dir, std::span<const MissedPerson> people) {
  json::array gone;
  gone.reserve(people.size());
  for (const MissedPerson& person : people)
    gone.push_back(json::object{{"id", person.id}, {"userName", person.user_name},
                                {"firstMissed", model::format_day(person.first_missed)}});
  const json::object document{{"format", kFormatName}, {"version", kVersion}, {"gone", std::move(gone)}};
  write_private_file_atomically(state_dir / kGraceClockFile, json::serialize(document) + "\n");
}

}  // namespace oss::state
