#pragma once
// A small plain-HTTP/1.1 server (Beast coroutines) for the health and metrics endpoints. It runs on the
// daemon's io_context: handlers read the daemon's state without locks because everything is on one thread.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "service/http_routes.hpp"

namespace oss::service {

// What one client may hold. The endpoint serves a scraper and a few probes, so the defaults are small: the
// descriptors it can take stay few next to the ones the sync needs for its own connections and files.
struct HttpServerLimits {
  // Connections served at once; at the cap the server stops accepting until one closes (see accept_loop).
  std::size_t max_connections = 32;
  // To send a whole request (and, on a keep-alive connection, to start the next one): a client that
  // says nothing, or trickles a byte at a time, is disconnected when it passes.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(10);
};

class HttpServer {
 public:
  using Handler = std::function<HttpAnswer(boost::beast::http::verb, std::string_view target)>;

  HttpServer(const boost::asio::any_io_executor& executor, Handler handler, HttpServerLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Throws std::system_error naming the address when it cannot bind.
  void start(const boost::asio::ip::tcp::endpoint& endpoint);
  // Stops accepting and closes open connections. Idempotent.
  void stop();
  [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Connections accepted and not yet closed; read it on the executor's thread.
  [[nodiscard]] std::size_t open_connections() const;

  // Opaque; shared with the coroutines, so one still unwinding after stop() never touches a destroyed object.
  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace oss::service
