#include "service/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/version.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <list>
#include <system_error>

#include "logging/event.hpp"

namespace oss::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {
// Health requests are tiny; refuse anything that is not.
constexpr std::uint32_t kMaxRequestBytes = 16 * 1024;
// After an accept failure that is not about one connection (out of descriptors, of memory): the first pause,
// doubled on each failure in a row up to the longest. Retrying at once would spin a core, since the pending
// connection keeps the listening socket readable.
constexpr auto kFirstAcceptPause = std::chrono::milliseconds(100);
constexpr auto kLongestAcceptPause = std::chrono::milliseconds(1000);
}  // namespace

struct HttpServer::State {
  State(const asio::any_io_executor& executor, Handler handler_, HttpServerLimits limits_)
      : acceptor(executor), handler(std::move(handler_)), limits(limits_), accept_wake(executor) {}
  tcp::acceptor acceptor;
  Handler handler;
  HttpServerLimits limits;
  std::size_t connections = 0;          // accepted and not closed, counted from accept (before serve() runs)
  std::list<beast::tcp_stream*> open;   // to close on stop()
  // The accept loop sleeps on it, at the cap or in a pause after a failure; a connection closing or stop()
  // cancels it. Everything runs on one thread, so a wake-up cannot fall between the check and the wait.
  asio::steady_timer accept_wake;
  bool stopped = false;
};

namespace {

// Gives the connection's slot back however serve() ends (a handler that throws included).
struct ConnectionSlot {
  explicit ConnectionSlot(std::shared_ptr<HttpServer::State> state_) : state(std::move(state_)) {}
  ~ConnectionSlot() {
    --state->connections;
    state->accept_wake.cancel();
  }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  std::shared_ptr<HttpServer::State> state;
};

asio::awaitable<void> serve(std::shared_ptr<HttpServer::State> state, tcp::socket socket) {
  ConnectionSlot slot(state);
  if (state->stopped) co_return;   // accepted just before stop(), which could not see it
  beast::tcp_stream stream(std::move(socket));
  auto me = state->open.insert(state->open.end(), &stream);
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::empty_body> parser;
    parser.body_limit(kMaxRequestBytes);
    parser.header_limit(kMaxRequestBytes);
    // One deadline for the whole request: tcp_stream keeps the expiry across the reads of async_read, so a
    // client trickling a byte a second is cut off too, not only one that stays silent.
    stream.expires_after(state->limits.request_timeout);
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
    stream.expires_after(state->limits.request_timeout);   // a client that does not read its answer
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive() || state->stopped) break;
  }
  state->open.erase(me);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// Errors accept() reports for the pending connection only (Linux passes the connection's network errors on,
// see accept(2)); the next accept is another connection, so retrying at once is right.
bool fails_only_this_connection(const boost::system::error_code& ec) {
  if (ec.category() != boost::system::system_category()) return false;
  switch (ec.value()) {
    case ECONNABORTED: case EPROTO: case EPERM: case ENETDOWN: case ENOPROTOOPT: case EHOSTDOWN: case ENONET:
    case EHOSTUNREACH: case EOPNOTSUPP: case ENETUNREACH: case EINTR:
      return true;
    default:
      return false;
  }
}

asio::awaitable<void> wait_for_wake(HttpServer::State& state, asio::steady_timer::time_point until) {
  state.accept_wake.expires_at(until);
  boost::system::error_code cancelled;
  co_await state.accept_wake.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
}

asio::awaitable<void> accept_loop(std::shared_ptr<HttpServer::State> state) {
  auto pause = kFirstAcceptPause;
  bool pausing = false;   // in an episode of failures: logged once at its start, once at its end
  while (!state->stopped) {
    // At the cap, stop accepting rather than accept and close: the kernel's backlog holds the newcomers (a
    // scraper's connect still succeeds and is served when a slot frees, idle ones free theirs within the
    // request timeout), and the server takes no descriptor the sync may need. Accept-and-close would take
    // one per attempt and turn every probe made during a flood into a reset.
    if (state->connections >= state->limits.max_connections) {
      co_await wait_for_wake(*state, asio::steady_timer::time_point::max());
      continue;
    }
    boost::system::error_code ec;
    tcp::socket socket = co_await state->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (state->stopped || ec == asio::error::operation_aborted) co_return;
    if (!ec) {
      if (pausing) logging::log_event(spdlog::level::info, "the metrics/health endpoint accepts connections again");
      pausing = false;
      pause = kFirstAcceptPause;
      ++state->connections;
      asio::co_spawn(state->acceptor.get_executor(), serve(state, std::move(socket)), asio::detached);
      continue;
    }
    if (fails_only_this_connection(ec)) continue;
    // Out of descriptors (EMFILE, ENFILE), of buffers or memory, or anything unforeseen: pause, so the loop
    // never spins. A connection closing ends the pause early, as it frees a descriptor.
    if (!pausing) {
      logging::log_event(spdlog::level::warn, "the metrics/health endpoint cannot accept connections; retrying "
                         "with pauses until it can",
                         {{"reason", ec.message()}, {"longest_pause_ms", kLongestAcceptPause.count()}});
      pausing = true;
    }
    co_await wait_for_wake(*state, asio::steady_timer::clock_type::now() + pause);
    pause = std::min(pause * 2, kLongestAcceptPause);
  }
}

}  // namespace

HttpServer::HttpServer(const asio::any_io_executor& executor, Handler handler, HttpServerLimits limits)
    : state_(std::make_shared<State>(executor, std::move(handler), limits)) {}

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
  state_->accept_wake.cancel();
  for (auto* stream : state_->open) stream->socket().close(ignored);
}

tcp::endpoint HttpServer::local_endpoint() const { return state_->acceptor.local_endpoint(); }

std::size_t HttpServer::open_connections() const { return state_->connections; }

}  // namespace oss::service
