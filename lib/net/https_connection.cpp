#include "net/https_connection.hpp"
#include "net/resolve_failure.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "net/request_bytes.hpp"
#include "net/transport_error.hpp"

namespace oss::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool is_idempotent(http::verb method) {
  return method == http::verb::get || method == http::verb::head || method == http::verb::put ||
         method == http::verb::delete_ || method == http::verb::options;
}

// How a keep-alive connection that the server closed while it sat idle shows up on the next use.
bool is_stale_connection_error(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated;
}

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string seconds_text(std::chrono::milliseconds timeout) {
  return std::to_string(static_cast<double>(timeout.count()) / 1000.0).substr(0, 5) + " s";
}

}  // namespace

HttpsConnection::HttpsConnection(const asio::any_io_executor& executor, ssl::context& tls, const Endpoint& endpoint,
                                 std::chrono::milliseconds step_timeout, std::size_t& opened)
    : executor_(executor), tls_(tls), endpoint_(endpoint), step_timeout_(step_timeout), opened_(opened) {}

void HttpsConnection::reset_stream() {
  // An SSL stream cannot be reused after its session ended: every (re)connect gets a new one.
  stream_.emplace(executor_, tls_);
  buffer_.clear();
  open_ = false;
}

asio::awaitable<void> HttpsConnection::open() {
  reset_stream();
  const std::string where = endpoint_.host + ":" + endpoint_.port;

  // The resolver has no expires_after: race it against a timer.
  tcp::resolver resolver(executor_);
  asio::steady_timer resolve_deadline(executor_, step_timeout_);
  auto resolved = co_await (resolver.async_resolve(endpoint_.host, endpoint_.port, kTuple) ||
                            resolve_deadline.async_wait(kTuple));
  if (resolved.index() == 1)
    throw TransportError(TransportError::Step::resolve,
                         "resolving " + endpoint_.host + " timed out after " + seconds_text(step_timeout_), true);
  auto [resolve_ec, endpoints] = std::get<0>(std::move(resolved));
  if (resolve_ec) {
    throw TransportError(TransportError::Step::resolve, "cannot resolve " + endpoint_.host + ": " + resolve_ec.message(),
                         is_temporary_resolve_failure(resolve_ec));
  }

  auto& tcp_layer = beast::get_lowest_layer(*stream_);
  tcp_layer.expires_after(step_timeout_);
  auto [connect_ec, connected] = co_await tcp_layer.async_connect(endpoints, kTuple);
  if (connect_ec) {
    const std::string why = connect_ec == beast::error::timeout ? "timed out after " + seconds_text(step_timeout_)
                                                                 : connect_ec.message();
    throw TransportError(TransportError::Step::connect, "cannot connect to " + where + ": " + why, true);
  }

  // SNI, so that a server hosting several names presents the right certificate (not sent for IP literals).
  if (!is_ip_literal(endpoint_.host) && !SSL_set_tlsext_host_name(stream_->native_handle(), endpoint_.host.c_str()))
    throw TransportError(TransportError::Step::handshake, "cannot set SNI for " + endpoint_.host, false);
  // Asio's check does not record *why* it refused; record it so the error can say "hostname mismatch".
  stream_->set_verify_callback(
      [check = ssl::host_name_verification(endpoint_.host)](bool preverified, ssl::verify_context& context) mutable {
        const bool ok = check(preverified, context);
        if (!ok && preverified) X509_STORE_CTX_set_error(context.native_handle(), X509_V_ERR_HOSTNAME_MISMATCH);
        return ok;
      });

  tcp_layer.expires_after(step_timeout_);
  auto [handshake_ec] = co_await stream_->async_handshake(ssl::stream_base::client, kTuple);
  if (handshake_ec) {
    const long verify = SSL_get_verify_result(stream_->native_handle());
    if (handshake_ec == beast::error::timeout)
      throw TransportError(TransportError::Step::handshake,
                           "TLS handshake with " + where + " timed out after " + seconds_text(step_timeout_), true);
    if (verify != X509_V_OK)
      throw TransportError(TransportError::Step::handshake,
                           "certificate of " + where + " refused: " + X509_verify_cert_error_string(verify) +
                               " (check omni.base_url and omni.ca_file)",
                           false);
    if (handshake_ec.category() == asio::error::get_ssl_category())
      throw TransportError(TransportError::Step::handshake,
                           "TLS handshake with " + where + " failed: " + handshake_ec.message() +
                               " (is the server speaking HTTPS with TLS 1.2 or newer?)",
                           false);
    throw TransportError(TransportError::Step::handshake,
                         "TLS handshake with " + where + " failed: " + handshake_ec.message(), true);
  }
  open_ = true;
  ++opened_;
}

asio::awaitable<std::optional<Response>> HttpsConnection::try_exchange(const Request& request, bool fresh_connection,
                                                                      const WriteStarted& write_started) {
  auto& tcp_layer = beast::get_lowest_layer(*stream_);
  const std::string what = std::string(request.method_string()) + " " + std::string(request.target());

  const RequestBytes bytes = serialize_request(request);
  if (write_started) write_started();
  tcp_layer.expires_after(step_timeout_);
  auto [write_ec, written] = co_await asio::async_write(*stream_, asio::buffer(bytes.data(), bytes.size()), kTuple);
  if (write_ec) {
    open_ = false;
    if (!fresh_connection && is_stale_connection_error(write_ec)) co_return std::nullopt;
    const std::string why = write_ec == beast::error::timeout ? "timed out after " + seconds_text(step_timeout_)
                                                               : write_ec.message();
    throw TransportError(TransportError::Step::write, what + ": sending failed: " + why, true);
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  tcp_layer.expires_after(step_timeout_);
  auto [read_ec, read] = co_await http::async_read(*stream_, buffer_, parser, kTuple);
  tcp_layer.expires_never();
  if (read_ec) {
    open_ = false;
    if (!fresh_connection && !parser.got_some() && is_stale_connection_error(read_ec)) co_return std::nullopt;
    if (read_ec == http::error::body_limit)
      throw TransportError(TransportError::Step::read, what + ": answer larger than 64 MiB refused", false);
    const std::string why = read_ec == beast::error::timeout
                                ? "no answer within " + seconds_text(step_timeout_)
                                : "connection dropped before the answer was complete (" + read_ec.message() + ")";
    throw TransportError(TransportError::Step::read, what + ": " + why, true);
  }
  Response response = parser.release();
  if (!response.keep_alive()) {
    // The server will close; don't wait for a TLS close_notify it may never send.
    beast::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_layer.close();
    open_ = false;
  }
  co_return response;
}

asio::awaitable<Response> HttpsConnection::exchange(const Request& request, const WriteStarted& write_started) {
  const bool reused = open_;
  if (!open_) co_await open();
  if (auto response = co_await try_exchange(request, !reused, write_started)) co_return std::move(*response);

  // The idle connection had been closed by the server. Resending is safe only when a duplicate does no harm.
  if (!is_idempotent(request.method()))
    throw TransportError(TransportError::Step::write,
                         std::string(request.method_string()) + " " + std::string(request.target()) +
                             ": the server closed the connection before answering",
                         true);
  co_await open();
  auto response = co_await try_exchange(request, true, write_started);
  co_return std::move(*response);  // a fresh connection throws instead of returning nullopt
}

}  // namespace oss::net
