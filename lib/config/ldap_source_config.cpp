#include "config/ldap_source_config.hpp"

#include "config/ca_file_check.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace oss::config {

namespace {

// A typo in a filter would otherwise surface at the first cycle, as the server's "Bad search filter".
std::optional<std::string> filter_problem(std::string_view filter) {
  if (!filter.starts_with('(') || !filter.ends_with(')')) return "expected an LDAP filter in parentheses";
  int depth = 0;
  for (std::size_t i = 0; i < filter.size(); ++i) {
    if (filter[i] == '\\') ++i;  // an escaped byte (\28) is not a parenthesis
    else if (filter[i] == '(') ++depth;
    else if (filter[i] == ')' && --depth < 0) break;
    if (depth == 0 && i + 1 < filter.size()) return "the parentheses are unbalanced or there is text after the filter";
  }
  if (depth != 0) return "the parentheses are unbalanced";
  return std::nullopt;
}

source::LdapAttributeMap read_attribute_map(
    MappingReader& section, const std::function<std::optional<std::string>(std::string_view)>& field_key_problem) {
  source::LdapAttributeMap map;
  const auto fields = section.string_map("attribute_map", field_key_problem);
  MappingReader located = section.section("attribute_map");  // only to place a value's error at its line
  for (const auto& [field, value] : fields) {
    if (field == "active") {
      try {
        map.active = source::parse_active_rule(value);
      } catch (const std::invalid_argument& error) {
        located.fail(field, error.what());
      }
      continue;
    }
    if (auto problem = source::ldap_attribute_problem(value)) located.fail(field, *problem);
    if (field == "userName") map.user_name = value;
    else if (field == "displayName") map.display_name = value;
    else if (field == "groups") map.groups = value;
    else map.attributes.emplace_back(field.substr(std::string_view("attributes.").size()), value);
  }
  return map;
}

}  // namespace

source::LdapOptions read_ldap_source(MappingReader& section,
                                     const std::function<std::optional<std::string>(std::string_view)>& field_key_problem) {
  source::LdapOptions options;
  options.starttls = section.boolean("starttls", options.starttls);
  options.url = section.required_string("url");
  if (auto problem = source::ldap_url_problem(options.url, options.starttls))
    section.fail("url", fmt::format("{} (got {:?})", *problem, options.url));
  options.bind_dn = section.required_string("bind_dn");
  if (section.has("bind_password"))
    section.fail("bind_password", "a password is never written in the configuration: put it in a file (chmod 600) "
                                  "and give that file as bind_password_file");
  if (!section.has("bind_password_file"))
    section.fail_missing("bind_password_file", "required for type ldap (a file holding the bind password)");
  // Kept as written when it starts with $CREDENTIALS_DIRECTORY, which exists only at run time under systemd.
  const std::string password_file = section.string("bind_password_file", "");
  options.bind_password_file = password_file.starts_with("$CREDENTIALS_DIRECTORY") ||
                                       password_file.starts_with("${CREDENTIALS_DIRECTORY}")
                                   ? std::filesystem::path(password_file)
                                   : section.path("bind_password_file", {});
  options.base_dn = section.required_string("base_dn");
  options.scope = section.choice("scope", options.scope,
                                 {{"base", source::LdapScope::base},
                                  {"one", source::LdapScope::one},
                                  {"sub", source::LdapScope::sub}});
  options.filter = section.string("filter", options.filter);
  if (auto problem = filter_problem(options.filter))
    section.fail("filter", fmt::format("{} (got {:?})", *problem, options.filter));
  if (section.has("ca_file")) {
    options.ca_file = section.path("ca_file", {});
    if (auto problem = ca_file_problem(*options.ca_file)) section.fail("ca_file", *problem);
  }
  options.page_size = static_cast<int>(section.integer("page_size", options.page_size, {.min = 1, .max = 100'000}));
  options.timeout = std::chrono::seconds(section.integer("timeout_seconds", options.timeout.count(), {.min = 1, .max = 3600}));
  options.attribute_map = read_attribute_map(section, field_key_problem);
  return options;
}

}  // namespace oss::config
