#pragma once
// metrics.listen ("host:port" or "[v6]:port", validated by the configuration loader) as a TCP endpoint, and
// the loopback address a local health probe should connect to.
#include <boost/asio/ip/tcp.hpp>

#include <string_view>

namespace oss::service {

// Resolves a host name (e.g. localhost) to its first address. Throws std::runtime_error naming the address.
boost::asio::ip::tcp::endpoint parse_listen_address(std::string_view text);

// Where a probe on the same host connects: the listen endpoint itself, except that a wildcard (0.0.0.0, ::)
// is reached through the loopback address of the same family.
boost::asio::ip::tcp::endpoint probe_endpoint(const boost::asio::ip::tcp::endpoint& listen);

}  // namespace oss::service
