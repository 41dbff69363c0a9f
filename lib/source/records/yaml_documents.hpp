#pragma once
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace oss::source {

// Every document of a YAML text, as YAML::LoadAll gives them, but with an error where LoadAll would hang.
// yaml-cpp 0.7 (Debian 12) loops without end, allocating, when a document starts at a token no value can start with
// (a stray ',' is enough: upstream issue 1040, fixed after 0.7). Throws YAML::ParserException, whose mark gives the
// line, for that as for any other syntax error.
std::vector<YAML::Node> load_all_documents(const std::string& text);

}  // namespace oss::source
