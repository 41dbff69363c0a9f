#pragma once
// A small plain-HTTP/1.1 server (Beast coroutines) for the health and metrics endpoints. It runs on the
// daemon's io_context: handlers read the daemon's state without locks because everything is on one thread.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>
#include <string_view>

#include "service/http_routes.hpp"

namespace oss::service {

class HttpServer {
 public:
  using Handler = std::function<HttpAnswer(boost::beast::http::verb, std::string_view target)>;

  HttpServer(const boost::asio::any_io_executor& executor, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Throws std::system_error naming the address when it cannot bind.
  void start(const boost::asio::ip::tcp::endpoint& endpoint);
  // Stops accepting and closes open connections. Idempotent.
  void stop();
  [[nodiscard]] boost::asio::ip::tcp::endpoint local_endpoint() const;

  // Opaque; shared with the coroutines, so one still unwinding after stop() never touches a destroyed object.
  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace oss::service
