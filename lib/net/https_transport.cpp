#include "net/https_transport.hpp"

#include <boost/beast/http/field.hpp>

#include "net/tls_context.hpp"

namespace oss::net {

HttpsTransport::HttpsTransport(const boost::asio::any_io_executor& executor, const ClientOptions& options)
    : executor_(executor),
      endpoint_(parse_base_url(options.base_url)),
      tls_(make_tls_context(options.ca_file)),
      step_timeout_(options.timeout),
      max_idle_(options.max_in_flight) {}

boost::asio::awaitable<Response> HttpsTransport::send(Request request, WriteStarted write_started) {
  request.set(boost::beast::http::field::host, endpoint_.host_header());
  request.keep_alive(true);
  request.prepare_payload();

  std::unique_ptr<HttpsConnection> connection;
  if (!idle_.empty()) {
    connection = std::move(idle_.back());
    idle_.pop_back();
  } else {
    connection = std::make_unique<HttpsConnection>(executor_, tls_, endpoint_, step_timeout_, connections_opened_);
  }
  // On an exception the connection is dropped with `connection`: it is in an unknown state.
  Response response = co_await connection->exchange(request, write_started);
  if (connection->is_open() && idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  co_return response;
}

}  // namespace oss::net
