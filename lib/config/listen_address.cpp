#include "config/listen_address.hpp"

#include <boost/url/authority_view.hpp>
#include <boost/url/parse.hpp>

#include <charconv>

namespace oss::config {

std::optional<std::string> listen_address_problem(std::string_view text) {
  // A listen address is a URL authority without user info, so Boost.URL's grammar does the hard part
  // (IPv6 literals in brackets, port digits).
  auto parsed = boost::urls::parse_authority(text);
  if (!parsed) return "not a host:port or [IPv6]:port address";
  const auto& authority = *parsed;
  if (authority.has_userinfo()) return "user info is not allowed (expected host:port)";
  if (authority.host_address().empty()) return "the host is missing (expected host:port, e.g. 127.0.0.1:9464)";
  if (!authority.has_port() || authority.port().empty())
    return "the port is missing (expected host:port, e.g. 127.0.0.1:9464)";
  const std::string_view port = authority.port();
  unsigned long number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (error != std::errc{} || end != port.data() + port.size() || number < 1 || number > 65535)
    return "the port must be from 1 to 65535";
  return std::nullopt;
}

}  // namespace oss::config
