// YAML -> Config: one function per section, every value read through MappingReader.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "config/ca_file_check.hpp"
#include "config/closest_key.hpp"
#include "config/config.hpp"
#include "config/ldap_source_config.hpp"
#include "config/listen_address.hpp"
#include "config/mapping_reader.hpp"
#include "net/endpoint.hpp"
#include "source/active_words.hpp"
#include "source/records/yaml_documents.hpp"

namespace oss::config {
namespace {

constexpr std::string_view kCredentialsDirectory = "$CREDENTIALS_DIRECTORY";
constexpr std::string_view kCredentialsDirectoryBraced = "${CREDENTIALS_DIRECTORY}";
constexpr double kSecondsPerDay = 86'400;

std::chrono::milliseconds to_milliseconds(double seconds) {
  // Rounded up so that a tiny positive value never becomes a zero timeout.
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000)));
}

bool is_environment_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// api_key_file may start with $CREDENTIALS_DIRECTORY, which only exists at run time under systemd: keep it
// as written (load_api_key expands it) instead of resolving it against the configuration's folder.
std::filesystem::path read_key_file(MappingReader& omni, const Document& document) {
  const std::string text = omni.string("api_key_file", "");
  if (text.empty()) omni.fail("api_key_file", "expected a path, got nothing");
  const auto starts_with_folder = [&](std::string_view variable) {
    return text.starts_with(variable) && (text.size() == variable.size() || text[variable.size()] == '/');
  };
  const bool credentials = starts_with_folder(kCredentialsDirectory) || starts_with_folder(kCredentialsDirectoryBraced);
  const auto dollar = text.find('$', credentials ? 1 : 0);
  if (dollar != std::string::npos)
    omni.fail("api_key_file", "only $CREDENTIALS_DIRECTORY, at the start of the path, is expanded");
  return credentials ? std::filesystem::path(text) : document.resolve(text);
}

OmniConfig read_omni(MappingReader omni, const Document& document) {
  OmniConfig config;
  net::ClientOptions& client = config.client;

  client.base_url = omni.required_string("base_url");
  try {
    (void)net::parse_base_url(client.base_url);
  } catch (const std::invalid_argument& error) {
    // A key pasted into the URL (https://admin:<key>@host, ?api_key=<key>) must not come back in the error, nor in
    // the journal after a reload: the value is shown only when it can hold neither user info nor a query.
    const bool may_hold_a_secret = client.base_url.find_first_of("@?#") != std::string::npos;
    omni.fail("base_url", may_hold_a_secret
                              ? fmt::format("{} (the value is not shown: it may hold a secret)", error.what())
                              : fmt::format("{} (got {:?})", error.what(), client.base_url));
  }

  const bool has_env = omni.has("api_key_env");
  const bool has_file = omni.has("api_key_file");
  if (has_env && has_file)
    omni.fail("api_key_file", "give either api_key_env or api_key_file, not both");
  if (has_file) {
    config.api_key_env.clear();
    config.api_key_file = read_key_file(omni, document);
  } else {
    config.api_key_env = omni.string("api_key_env", config.api_key_env);
    if (!is_environment_name(config.api_key_env))
      omni.fail("api_key_env", fmt::format("expected the name of an environment variable (letters, digits, _), got {:?}",
                                           config.api_key_env));
  }

  if (omni.has("ca_file")) {
    client.ca_file = omni.path("ca_file", {});
    if (auto problem = ca_file_problem(*client.ca_file)) omni.fail("ca_file", *problem);
  }

  client.requests_per_minute =
      omni.number("requests_per_minute", client.requests_per_minute, {.min = 0, .max = 100'000, .min_exclusive = true});
  const double window = omni.number("rate_window_seconds", client.rate_window.count() / 1000.0,
                                    {.min = 0, .max = kSecondsPerDay, .min_exclusive = true});
  client.rate_window = to_milliseconds(window);
  client.max_in_flight = static_cast<std::size_t>(omni.integer("max_in_flight", 4, {.min = 1, .max = 64}));
  client.page_size = static_cast<std::size_t>(omni.integer("page_size", 100, {.min = 1, .max = 1000}));
  const double timeout = omni.number("timeout_seconds", client.timeout.count() / 1000.0,
                                     {.min = 0, .max = kSecondsPerDay, .min_exclusive = true});
  client.timeout = to_milliseconds(timeout);
  client.max_retries = static_cast<int>(omni.integer("max_retries", client.max_retries, {.min = 0, .max = 20}));
  omni.finish();
  return config;
}

std::optional<std::string> column_key_problem(std::string_view key) {
  static const std::vector<std::string> kFields = {"userName", "displayName", "active", "groups",
                                                   "attributes.<reference>"};
  if (key == "userName" || key == "displayName" || key == "active" || key == "groups") return std::nullopt;
  if (key.starts_with("attributes.") && key.size() > std::string_view("attributes.").size()) return std::nullopt;
  std::string problem = fmt::format("unknown user field {:?}: expected userName, displayName, active, groups "
                                    "or attributes.<reference>", key);
  if (auto suggestion = closest_key(key, kFields)) problem += fmt::format(" (did you mean {}?)", *suggestion);
  return problem;
}

char read_delimiter(MappingReader& section, char fallback) {
  if (!section.has("delimiter")) return fallback;
  const std::string text = section.string("delimiter", "");
  if (text == "," || text == ";" || text == "\t") return text.front();
  if (text == "tab" || text == "\\t") return '\t';
  section.fail("delimiter", fmt::format("expected one of \",\", \";\", \"\\t\" or tab, got {:?}", text));
}

source::SourceOptions read_source(MappingReader section) {
  source::SourceOptions options;
  options.type = section.choice("type", options.type,
                                {{"csv", source::SourceType::csv},
                                 {"directory", source::SourceType::directory},
                                 {"ldap", source::SourceType::ldap}});
  if (section.has("groups_separator")) {
    const std::string separator = section.string("groups_separator", "");
    if (separator.size() != 1 || separator == "\n" || separator == "\r" || separator.front() == options.quote)
      section.fail("groups_separator",
                   fmt::format("expected a single character other than the quote, got {:?}", separator));
    options.groups_separator = separator.front();
  }
  options.on_error = section.choice("on_error", options.on_error,
                                    {{"fail", source::OnError::fail}, {"skip", source::OnError::skip}});
  if (options.type == source::SourceType::ldap) {
    // Refused by name rather than as an unknown key: the map is a real key, only not one for an LDAP server.
    if (section.has("active_map"))
      section.fail("active_map",
                   "does not apply to an LDAP source: attribute_map.active decides who is active there (e.g. "
                   "boolean(employeeActive) or bit_clear(userAccountControl, 2))");
    // A directory server has no path, columns or file watch: those keys are refused as unknown.
    options.ldap = read_ldap_source(section, column_key_problem);
    section.finish();
    return options;
  }
  options.path = section.required_path("path");
  options.columns = section.string_map("columns", column_key_problem);
  options.active_map = section.boolean_map("active_map", source::active_word_key);
  options.delimiter = read_delimiter(section, options.delimiter);
  if (section.has("quote")) {
    const std::string quote = section.string("quote", "");
    if (quote.size() != 1 || quote == "\n" || quote == "\r")
      section.fail("quote", fmt::format("expected a single character, got {:?}", quote));
    options.quote = quote.front();
  }
  if (options.quote == options.delimiter)
    section.fail("quote", "the quote character must differ from the delimiter");
  options.watch = section.boolean("watch", options.watch);
  section.finish();
  return options;
}

plan::GroupPolicy read_groups(MappingReader groups) {
  plan::GroupPolicy policy;
  policy.enabled = groups.boolean("enabled", policy.enabled);
  policy.manage = groups.choice("manage", policy.manage,
                                {{"all", plan::GroupManage::all}, {"listed", plan::GroupManage::listed}});
  policy.names = groups.string_list("names");
  policy.prefix = groups.string("prefix", policy.prefix);
  // Any name is a valid old name: the map's keys are group names, not configuration keys.
  policy.renames = groups.string_map("renames", [](std::string_view) { return std::optional<std::string>(); });
  policy.deprovision = groups.choice("deprovision_groups", policy.deprovision,
                                     {{"keep", plan::GroupDeprovision::keep},
                                      {"delete", plan::GroupDeprovision::delete_group}});
  if (policy.manage == plan::GroupManage::listed && policy.names.empty())
    groups.fail("names", "manage: listed needs the group names to manage (names: [...])");
  groups.finish();
  return policy;
}

SyncConfig read_sync(MappingReader sync) {
  SyncConfig config;
  constexpr std::int64_t kYear = 366 * 86'400;
  config.interval = std::chrono::seconds(sync.integer("interval_seconds", config.interval.count(), {.min = 10, .max = kYear}));
  config.full_interval =
      std::chrono::seconds(sync.integer("full_interval_seconds", std::max(config.full_interval, config.interval).count(),
                                        {.min = 10, .max = kYear}));
  if (config.full_interval < config.interval)
    sync.fail("full_interval_seconds",
              fmt::format("{} is shorter than sync.interval_seconds ({}): a full reconcile cannot come more often "
                          "than a cycle",
                          config.full_interval.count(), config.interval.count()));
  config.run_on_start = sync.boolean("run_on_start", config.run_on_start);
  config.cycle_timeout = std::chrono::seconds(
      sync.integer("cycle_timeout_seconds", config.cycle_timeout.count(), {.min = 10, .max = 7 * 86'400}));
  config.policy.deprovision = sync.choice("deprovision", config.policy.deprovision,
                                          {{"delete", plan::Deprovision::delete_user},
                                           {"deactivate", plan::Deprovision::deactivate},
                                           {"ignore", plan::Deprovision::ignore},
                                           {"deactivate_then_delete", plan::Deprovision::deactivate_then_delete}});
  // Up to ten years: a grace period is days to weeks; a number beyond that is a typo, not a policy.
  if (sync.has("delete_after_days") && config.policy.deprovision != plan::Deprovision::deactivate_then_delete)
    sync.fail("delete_after_days", "only used with deprovision: deactivate_then_delete");
  config.policy.delete_after_days = static_cast<int>(
      sync.integer("delete_after_days", config.policy.delete_after_days, {.min = 1, .max = 3650}));
  config.policy.manage_attributes = sync.string_list("manage_attributes");
  config.guards.max_deletes = static_cast<std::size_t>(
      sync.integer("max_deletes", static_cast<std::int64_t>(config.guards.max_deletes), {.min = 0}));
  config.guards.max_delete_percent =
      sync.number("max_delete_percent", config.guards.max_delete_percent, {.min = 0, .max = 100});
  config.guards.protect = sync.string_list("protect");
  config.groups = read_groups(sync.section("groups"));
  sync.finish();
  return config;
}

LoggingConfig read_logging(MappingReader logging) {
  using spdlog::level::level_enum;
  LoggingConfig config;
  config.level = logging.choice("level", config.level,
                                {{"trace", level_enum::trace},
                                 {"debug", level_enum::debug},
                                 {"info", level_enum::info},
                                 {"warn", level_enum::warn},
                                 {"error", level_enum::err},
                                 {"critical", level_enum::critical},
                                 {"off", level_enum::off}});
  config.format = logging.choice("format", config.format,
                                 {{"text", LoggingConfig::Format::text}, {"json", LoggingConfig::Format::json}});
  logging.finish();
  return config;
}

MetricsConfig read_metrics(MappingReader metrics) {
  MetricsConfig config;
  config.listen = metrics.string("listen", config.listen);
  if (!config.listen.empty())
    if (auto problem = listen_address_problem(config.listen))
      metrics.fail("listen", fmt::format("{}, got {:?} (an empty string turns metrics off)", *problem, config.listen));
  metrics.finish();
  return config;
}

Config read_config(MappingReader root, const Document& document) {
  Config config;
  config.file = document.file;
  if (!root.has("omni")) root.fail_missing("omni", "required section is missing (expected omni: with at least base_url:)");
  config.omni = read_omni(root.section("omni"), document);
  if (!root.has("source")) root.fail_missing("source", "required section is missing (expected source: with at least path:)");
  config.source = read_source(root.section("source"));
  config.sync = read_sync(root.section("sync"));
  config.logging = read_logging(root.section("logging"));
  config.metrics = read_metrics(root.section("metrics"));
  config.state_dir = root.path("state_dir", config.state_dir);
  config.audit_log = root.path("audit_log", config.state_dir / "audit.log");
  root.finish();
  return config;
}

// YAML::Load would read the first document and drop the rest without a word: settings written after a `---` (a
// safer deprovision policy, say) must not vanish. Empty documents (a lone `---`) are no settings and pass.
YAML::Node the_only_document(const std::vector<YAML::Node>& documents, const Document& document) {
  std::optional<YAML::Node> settings;
  for (const auto& node : documents) {
    if (node.IsNull()) continue;
    if (settings)
      fail_at(document, node.Mark(), "",
              "a second YAML document (after ---): the configuration is one document, and these settings would be "
              "ignored");
    settings = node;
  }
  return settings.value_or(YAML::Node());
}

}  // namespace

Config parse_config(std::string_view yaml, const std::filesystem::path& file) {
  Document document{file, std::filesystem::absolute(file).parent_path()};
  std::vector<YAML::Node> documents;
  try {
    documents = source::load_all_documents(std::string(yaml));
  } catch (const YAML::ParserException& error) {
    fail_at(document, error.mark, "", "YAML syntax error: " + error.msg);
  }
  return read_config(MappingReader::root(the_only_document(documents, document), document), document);
}

Config load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, "", 0, 0, fmt::format("cannot read the configuration: {}", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(file, "", 0, 0, "cannot read the configuration: read error");
  return parse_config(text.str(), file);
}

}  // namespace oss::config
