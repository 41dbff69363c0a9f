#pragma once
// One keep-alive HTTPS connection to the Omni instance, written as a linear coroutine in the style of Beast's
// awaitable SSL client: resolve -> connect -> handshake -> write -> read, each step with its own timeout.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "net/endpoint.hpp"
#include "net/wiping_allocator.hpp"

namespace oss::net {

// Its header storage is wiped when freed (wiping_allocator.hpp): it carries the API key.
using Request = boost::beast::http::request<boost::beast::http::string_body, WipedFields>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Called right before a request's bytes are written, after any connect and TLS handshake: the moment the
// server can start counting it (the rate scheduler stamps its window with it).
using WriteStarted = std::function<void()>;

inline constexpr std::size_t kMaxResponseBody = 64 * 1024 * 1024;

class HttpsConnection {
 public:
  // `opened` counts every TCP+TLS connection this object opens (reopens included), for the transport's stats.
  HttpsConnection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context& tls, const Endpoint& endpoint,
                  std::chrono::milliseconds step_timeout, std::size_t& opened);

  // Sends one request and reads its answer, opening the connection first if needed. When a connection that was
  // idle turns out to have been closed by the server before answering, it is reopened and the request sent again
  // once, but only for idempotent methods. `write_started` (may be empty) runs before each write. Throws
  // TransportError.
  boost::asio::awaitable<Response> exchange(const Request& request, const WriteStarted& write_started);

  [[nodiscard]] bool is_open() const { return open_; }

 private:
  boost::asio::awaitable<void> open();
  boost::asio::awaitable<std::optional<Response>> try_exchange(const Request& request, bool fresh_connection,
                                                                 const WriteStarted& write_started);
  void reset_stream();

  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_;
  const Endpoint& endpoint_;
  std::chrono::milliseconds step_timeout_;
  std::size_t& opened_;
  std::optional<boost::asio::ssl::stream<boost::beast::tcp_stream>> stream_;
  boost::beast::flat_buffer buffer_;
  bool open_ = false;
};

}  // namespace oss::net
