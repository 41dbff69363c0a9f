#pragma once
// Sends requests to one Omni instance over a small pool of keep-alive HTTPS connections.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <vector>

#include "net/client_options.hpp"
#include "net/endpoint.hpp"
#include "net/https_connection.hpp"

namespace oss::net {

class HttpsTransport {
 public:
  // Throws std::invalid_argument (bad base_url) or std::runtime_error (bad CA file).
  HttpsTransport(const boost::asio::any_io_executor& executor, const ClientOptions& options);
  HttpsTransport(const HttpsTransport&) = delete;
  HttpsTransport& operator=(const HttpsTransport&) = delete;

  // Fills in Host, then sends on an idle connection or a new one. Throws TransportError.
  // The pool keeps at most max_in_flight idle connections: the scheduler never has more requests in flight.
  // `write_started` (may be empty) runs right before the request is written, see WriteStarted.
  boost::asio::awaitable<Response> send(Request request, WriteStarted write_started = {});

  [[nodiscard]] const Endpoint& endpoint() const { return endpoint_; }
  // TLS connections established so far (reconnects included): keep-alive should keep this small.
  [[nodiscard]] std::size_t connections_opened() const { return connections_opened_; }

 private:
  boost::asio::any_io_executor executor_;
  Endpoint endpoint_;
  boost::asio::ssl::context tls_;
  std::chrono::milliseconds step_timeout_;
  std::size_t max_idle_;
  std::vector<std::unique_ptr<HttpsConnection>> idle_;
  std::size_t connections_opened_ = 0;
};

}  // namespace oss::net
