#include "service/listen_endpoint.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/url/authority_view.hpp>
#include <boost/url/parse.hpp>

#include <stdexcept>
#include <string>

#include "config/listen_address.hpp"

namespace oss::service {

namespace ip = boost::asio::ip;

ip::tcp::endpoint parse_listen_address(std::string_view text) {
  if (auto problem = config::listen_address_problem(text))
    throw std::runtime_error("metrics.listen \"" + std::string(text) + "\": " + *problem);
  const auto authority = *boost::urls::parse_authority(text);
  const auto port = static_cast<unsigned short>(std::stoul(std::string(authority.port())));
  std::string host(authority.host_address());   // IPv6 without its brackets
  boost::system::error_code ec;
  const auto address = ip::make_address(host, ec);
  if (!ec) return {address, port};
  boost::asio::io_context io;
  ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty())
    throw std::runtime_error("metrics.listen \"" + std::string(text) + "\": cannot resolve " + host + ": " + ec.message());
  return results.begin()->endpoint();
}

ip::tcp::endpoint probe_endpoint(const ip::tcp::endpoint& listen) {
  if (!listen.address().is_unspecified()) return listen;
  if (listen.address().is_v6()) return {ip::address_v6::loopback(), listen.port()};
  return {ip::address_v4::loopback(), listen.port()};
}

}  // namespace oss::service
