#pragma once
// The client side of /healthz, for `omni-scim-sync healthcheck` (Docker's HEALTHCHECK runs the binary itself,
// so the image needs no curl).
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace oss::service {

struct ProbeAnswer {
  unsigned status = 0;
  std::string body;
};

// GET `target` over plain HTTP. Throws std::runtime_error naming the endpoint when there is no answer
// within `timeout` (refused, reset, silent).
ProbeAnswer probe(const boost::asio::ip::tcp::endpoint& endpoint, std::string_view target,
                  std::chrono::milliseconds timeout);

}  // namespace oss::service
