#include "omni/resource_id.hpp"

#include <cstdio>

namespace oss::omni {

namespace {
bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}
}  // namespace

std::optional<std::string> resource_id_problem(std::string_view id) {
  if (id.empty()) return "empty";
  if (id == "." || id == "..")
    return "\"" + std::string(id) + "\" is not an id: a proxy that normalises paths would send the call elsewhere";
  for (const char c : id) {
    if (is_unreserved(static_cast<unsigned char>(c))) continue;
    char shown[8];
    std::snprintf(shown, sizeof shown, "0x%02x", static_cast<unsigned char>(c));
    return std::string("contains the byte ") + shown +
           "; an id is letters, digits, '-', '.', '_' and '~' (refused rather than sent in a request path)";
  }
  return std::nullopt;
}

}  // namespace oss::omni
