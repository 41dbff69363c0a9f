#include "omni/resource_id.hpp"

#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdio>

namespace oss::omni {

std::optional<std::string> resource_id_problem(std::string_view id) {
  if (id.empty()) return "empty";
  if (id == "." || id == "..")
    return "\"" + std::string(id) + "\" is not an id: a proxy that normalises paths would send the call elsewhere";
  for (const char c : id) {
    // The very set user_path() leaves unencoded: nothing else may pass into a path untouched.
    if (boost::urls::unreserved_chars(c)) continue;
    char shown[8];
    std::snprintf(shown, sizeof shown, "0x%02x", static_cast<unsigned char>(c));
    return std::string("contains the byte ") + shown +
           "; an id is letters, digits, '-', '.', '_' and '~' (refused rather than sent in a request path)";
  }
  return std::nullopt;
}

}  // namespace oss::omni
