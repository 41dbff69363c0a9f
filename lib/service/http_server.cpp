#include "service/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/version.hpp>

#include <chrono>
#include <list>
#include <system_error>

namespace oss::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {
// A client that connects and says nothing (or a scraper that holds a keep-alive connection) is dropped after this.
constexpr auto kIdleTimeout = std::chrono::seconds(15);
// Health requests are tiny; refuse anything that is not.
constexpr std::uint32_t kMaxRequestBytes = 16 * 1024;
}  // namespace

struct HttpServer::State {
  explicit State(const asio::any_io_executor& executor, Handler handler_)
      : acceptor(executor), handler(std::move(handler_)) {}
  tcp::acceptor acceptor;
  Handler handler;
  std::list<beast::tcp_stream*> open;   // to close on stop()
  bool stopped = false;
};

namespace {

asio::awaitable<void> serve(std::shared_ptr<HttpServer::State> state, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  auto me = state->open.insert(state->open.end(), &stream);
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::empty_body> parser;
    parser.body_limit(kMaxRequestBytes);
    parser.header_limit(kMaxRequestBytes);
    stream.expires_after(kIdleTimeout);
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;   // closed, timed out, stopped, or not HTTP: nothing to answer
    const auto& request = parser.get();
    HttpAnswer answer = state->handler(request.method(), request.target());
    http::response<http::string_body> response{static_cast<http::status>(answer.status), request.version()};
    response.set(http::field::server, "omni-scim-sync");
    response.set(http::field::content_type, answer.content_type);
    response.set(http::field::cache_control, "no-store");
    if (answer.allow_header) response.set(http::field::allow, "GET, HEAD");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(answer.body);
    response.prepare_payload();   // Content-Length of the body, also for HEAD
    if (request.method() == http::verb::head) response.body().clear();
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive() || state->stopped) break;
  }
  state->open.erase(me);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(std::shared_ptr<HttpServer::State> state) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await state->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (state->stopped) co_return;
    if (ec) continue;   // e.g. a connection reset before accept: keep serving
    asio::co_spawn(state->acceptor.get_executor(), serve(state, std::move(socket)), asio::detached);
  }
}

}  // namespace

HttpServer::HttpServer(const asio::any_io_executor& executor, Handler handler)
    : state_(std::make_shared<State>(executor, std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start(const tcp::endpoint& endpoint) {
  auto fail = [&](const boost::system::error_code& ec, const char* step) {
    throw std::system_error(ec, std::string("metrics/health endpoint: cannot ") + step + " " +
                                    endpoint.address().to_string() + ":" + std::to_string(endpoint.port()));
  };
  boost::system::error_code ec;
  state_->acceptor.open(endpoint.protocol(), ec);
  if (ec) fail(ec, "open a socket for");
  state_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  state_->acceptor.bind(endpoint, ec);
  if (ec) fail(ec, "listen on");
  state_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail(ec, "listen on");
  asio::co_spawn(state_->acceptor.get_executor(), accept_loop(state_), asio::detached);
}

void HttpServer::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
  for (auto* stream : state_->open) stream->socket().close(ignored);
}

tcp::endpoint HttpServer::local_endpoint() const { return state_->acceptor.local_endpoint(); }

}  // namespace oss::service
