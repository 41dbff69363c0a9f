#include "cache/cache_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <fmt/format.h>
#include <string>
#include <string_view>
#include <system_error>

#include "omni/group_codec.hpp"
#include "omni/scim_codec.hpp"
#include "state/private_files.hpp"

namespace oss::cache {

namespace json = boost::json;

namespace {

constexpr std::string_view kFormatName = "omni-scim-sync remote cache";

json::object parse_line(std::string_view line, const std::string& where) {
  boost::system::error_code ec;
  json::value value = json::parse(line, ec);
  if (ec) throw CacheError(where + ": not JSON (" + ec.message() + ")");
  if (!value.is_object()) throw CacheError(where + ": expected a JSON object");
  return std::move(value.get_object());
}

std::string string_field(const json::object& object, std::string_view key, const std::string& where) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) throw CacheError(fmt::format("{}: \"{}\" must be a string", where, key));
  return std::string(value->get_string());
}

std::int64_t integer_field(const json::object& object, std::string_view key, const std::string& where) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_int64() || value->get_int64() < 0)
    throw CacheError(fmt::format("{}: \"{}\" must be a non-negative integer", where, key));
  return value->get_int64();
}

}  // namespace

std::optional<RemoteCache> load_cache(const std::filesystem::path& state_dir) {
  const auto file = state_dir / kCacheFile;
  std::optional<std::string> content;
  try {
    content = state::read_private_file(file);
  } catch (const state::UntrustedFile& error) {
    throw CacheError(error.what());
  }
  if (!content) return std::nullopt;
  std::string_view rest(*content);
  std::size_t line_number = 0;
  auto next_line = [&]() -> std::optional<std::string_view> {
    if (rest.empty()) return std::nullopt;
    const auto end = rest.find('\n');
    if (end == std::string_view::npos) throw CacheError(fmt::format("{}:{}: the last line is cut short", file.string(), line_number + 1));
    const auto line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    ++line_number;
    return line;
  };
  const auto where = [&] { return fmt::format("{}:{}", file.string(), line_number); };

  const auto header_line = next_line();
  if (!header_line) throw CacheError(file.string() + ": empty");
  const json::object header = parse_line(*header_line, where());
  if (string_field(header, "format", where()) != kFormatName) throw CacheError(where() + ": not a remote cache of omni-scim-sync");
  const auto version = integer_field(header, "version", where());
  if (version != kCacheFormatVersion)
    throw CacheError(fmt::format("{}: format version {} (this omni-scim-sync reads version {})", where(), version,
                                 kCacheFormatVersion));
  CacheIdentity identity{string_field(header, "baseUrl", where()), string_field(header, "keyOwner", where())};
  const auto listed_at = integer_field(header, "listedAt", where());
  const auto count = static_cast<std::size_t>(integer_field(header, "users", where()));
  std::optional<std::size_t> group_count;
  if (const auto* groups = header.if_contains("groups"); groups && !groups->is_null())
    group_count = static_cast<std::size_t>(integer_field(header, "groups", where()));

  std::vector<model::RemoteUser> users;
  users.reserve(std::min<std::size_t>(count, 10'000'000));
  std::vector<model::RemoteGroup> groups;
  while (const auto line = next_line()) {
    try {
      if (users.size() < count) {
        users.push_back(omni::decode_user(parse_line(*line, where())));
      } else if (group_count && groups.size() < *group_count) {
        groups.push_back(omni::decode_group_body(*line));
      } else {
        throw CacheError(fmt::format("{}: more lines than the first line announces ({} users, {} groups)", where(),
                                     count, group_count.value_or(0)));
      }
    } catch (const omni::DecodeError& error) {
      throw CacheError(where() + ": " + error.what());
    }
  }
  if (users.size() != count || (group_count && groups.size() != *group_count))
    throw CacheError(fmt::format("{}: holds {} users and {} groups, the first line announces {} and {} (truncated?)",
                                 file.string(), users.size(), groups.size(), count, group_count.value_or(0)));
  RemoteCache cache(std::move(identity), std::move(users), listed_at);
  if (group_count) cache.set_groups(std::move(groups));
  return cache;
}

void save_cache(const std::filesystem::path& state_dir, const RemoteCache& cache) {
  json::object header;
  header["format"] = kFormatName;
  header["version"] = kCacheFormatVersion;
  header["baseUrl"] = cache.identity().base_url;
  header["keyOwner"] = cache.identity().key_owner;
  header["listedAt"] = cache.listed_unix();
  header["users"] = cache.size();
  if (cache.groups()) header["groups"] = cache.groups()->size();
  else header["groups"] = nullptr;
  std::string content = json::serialize(header);
  content += '\n';
  for (const auto& user : cache.users()) {
    content += json::serialize(omni::encode_user_resource(user));
    content += '\n';
  }
  if (cache.groups())
    for (const auto& group : *cache.groups()) {
      content += json::serialize(omni::encode_group_resource(group));
      content += '\n';
    }
  state::write_private_file_atomically(state_dir / kCacheFile, content);
}

void remove_cache(const std::filesystem::path& state_dir) {
  const auto file = state_dir / kCacheFile;
  if (::unlink(file.c_str()) != 0 && errno != ENOENT)
    throw std::system_error(errno, std::generic_category(), "cannot remove " + file.string());
}

}  // namespace oss::cache
