#pragma once
// Where the Omni instance lives, parsed once from omni.base_url.
#include <string>
#include <string_view>

namespace oss::net {

struct Endpoint {
  std::string host;        // DNS name or IP literal (without brackets)
  std::string port;        // "443" unless the URL says otherwise
  std::string base_path;   // path prefix without a trailing slash, "" for the root; the API is at base_path + "/api"
  [[nodiscard]] std::string host_header() const;   // host[:port] as sent in Host
  [[nodiscard]] std::string display() const;       // https://host[:port]base_path, for messages
};

// Accepts https://host[:port][/prefix]. Refuses http:// (the key would travel in clear), user info, queries and
// fragments. Throws std::invalid_argument with a message that says what is wrong.
Endpoint parse_base_url(std::string_view url);

}  // namespace oss::net
