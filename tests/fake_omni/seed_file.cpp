#include "seed_file.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

#include "scim_error.hpp"
#include "support/file_io.hpp"
#include "user_json.hpp"

namespace oss::fake_omni {
namespace json = boost::json;
namespace {

class EntryReader {
 public:
  EntryReader(const std::filesystem::path& file, std::size_t index, const json::object& entry)
      : where_(file.string() + ": entry " + std::to_string(index)), entry_(entry) {}

  [[noreturn]] void fail(std::string_view field, const std::string& problem) const {
    throw std::runtime_error(where_ + ", field " + std::string(field) + ": " + problem);
  }
  std::optional<std::string> string(std::string_view field, bool required) const {
    const json::value* value = entry_.if_contains(field);
    if (!value) {
      if (required) fail(field, "is required");
      return std::nullopt;
    }
    if (!value->is_string()) fail(field, "must be a string");
    return std::string(value->get_string());
  }
  bool flag(std::string_view field, bool fallback) const {
    const json::value* value = entry_.if_contains(field);
    if (!value) return fallback;
    if (!value->is_bool()) fail(field, "must be true or false");
    return value->get_bool();
  }
  json::object attributes() const {
    json::object attributes;
    if (const json::value* value = entry_.if_contains("attributes")) {
      try {
        merge_attributes(attributes, *value);
      } catch (const ScimError& error) {
        fail("attributes", error.what());
      }
    }
    return attributes;
  }

 private:
  std::string where_;
  const json::object& entry_;
};

}  // namespace

std::vector<SeedEntry> load_seed_file(const std::filesystem::path& path) {
  boost::system::error_code ec;
  json::value document = json::parse(support::read_file(path), ec);
  if (ec) throw std::runtime_error(path.string() + ": not valid JSON: " + ec.message());
  if (!document.is_array()) throw std::runtime_error(path.string() + ": must be a JSON array of users");
  std::vector<SeedEntry> entries;
  std::size_t index = 0;
  for (const auto& item : document.get_array()) {
    ++index;
    if (!item.is_object())
      throw std::runtime_error(path.string() + ": entry " + std::to_string(index) + " must be an object");
    EntryReader reader(path, index, item.get_object());
    SeedEntry entry;
    entry.user.user_name = *reader.string("userName", true);
    entry.user.display_name = *reader.string("displayName", true);
    entry.user.active = reader.flag("active", true);
    entry.user.attributes = reader.attributes();
    entry.user.id = reader.string("id", false);
    entry.user.last_login = reader.string("lastLogin", false);
    entry.owner = reader.flag("owner", false);
    entry.embed = reader.flag("embed", false);
    if (entry.owner && entry.embed) reader.fail("owner", "an embed user cannot own the organization key");
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace oss::fake_omni
