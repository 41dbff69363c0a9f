#include "net/endpoint.hpp"

#include <boost/url/parse.hpp>
#include <stdexcept>

namespace oss::net {

std::string Endpoint::host_header() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string out = ipv6 ? "[" + host + "]" : host;
  if (port != "443") out += ":" + port;
  return out;
}

std::string Endpoint::display() const { return "https://" + host_header() + base_path; }

Endpoint parse_base_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw std::invalid_argument("not an absolute URL (expected https://host[:port])");
  const auto& u = *parsed;
  if (u.scheme_id() == boost::urls::scheme::http)
    throw std::invalid_argument("http:// is refused: the API key must only travel over HTTPS (use https://)");
  if (u.scheme_id() != boost::urls::scheme::https)
    throw std::invalid_argument("unsupported scheme \"" + std::string(u.scheme()) + "\" (expected https://)");
  if (u.has_userinfo()) throw std::invalid_argument("user info in the URL is not allowed");
  if (u.has_query() || u.has_fragment()) throw std::invalid_argument("a query or fragment is not allowed");
  Endpoint endpoint;
  endpoint.host = u.host_address();
  if (endpoint.host.empty()) throw std::invalid_argument("the URL has no host");
  endpoint.port = u.has_port() ? std::string(u.port()) : "443";
  if (u.has_port() && (u.port_number() == 0)) throw std::invalid_argument("invalid port");
  std::string path(u.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  // Omni's settings page shows the SCIM endpoint; pasted as the base URL it would make every path doubled
  // (/api/scim/v2/api/scim/v2/users) and the key check a misleading 404. Say what to write instead.
  constexpr std::string_view kScimPath = "/api/scim/v2";
  if (path.ends_with(kScimPath)) {
    std::string_view right = url;
    while (right.ends_with('/')) right.remove_suffix(1);
    right.remove_suffix(kScimPath.size());
    throw std::invalid_argument("ends with " + std::string(kScimPath) +
                                ", the SCIM endpoint Omni shows; the base URL is the instance's address (use " +
                                std::string(right) + ")");
  }
  // The API lives under /api; tolerate a base_url that already ends with it.
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, "/api") == 0) path.resize(path.size() - 4);
  endpoint.base_path = path;
  return endpoint;
}

}  // namespace oss::net
