#pragma once
// What the `source:` section of the configuration says.
#include <filesystem>
#include <map>
#include <stop_token>
#include <string>

#include "source/ldap/ldap_options.hpp"

namespace oss::source {

enum class SourceType { csv, directory, ldap };
enum class OnError {
  fail,  // any invalid record fails the whole read (default)
  skip,  // invalid records are skipped and reported; the snapshot is then incomplete and deletions are withheld
};

struct SourceOptions {
  SourceType type = SourceType::csv;
  std::filesystem::path path;
  // user field -> source column header, e.g. {"userName": "email", "displayName": "full_name",
  // "attributes.region": "Region", "groups": "Teams"}. Fields not mapped use their own name as the header.
  std::map<std::string, std::string> columns;
  char delimiter = ',';   // ',' ';' or '\t'
  char quote = '"';
  char groups_separator = ';';   // between group names in one CSV field
  // The source's status words -> active, e.g. {"Active": true, "On Leave": true, "Terminated": false}, for the
  // CSV active column and a record's active field when it is a string (see active_words.hpp). Empty: the
  // built-in true/false, yes/no, 1/0. Keys are unique after trimming and case folding (checked at load).
  std::map<std::string, bool> active_map;
  OnError on_error = OnError::fail;
  bool watch = false;     // daemon: re-run a cycle soon after the source changes
  LdapOptions ldap;       // type ldap only
  // Not from the configuration: the caller's stop request (SIGTERM/SIGINT). Readers look at it between records (and
  // every few thousand values) so a read in progress ends within moments, with SourceStopped. Default: never.
  std::stop_token stop;
};

}  // namespace oss::source
