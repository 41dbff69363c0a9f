#include "https_test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <openssl/ssl.h>

#include <optional>
#include <stdexcept>

namespace oss::fake_omni::testing {
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = boost::beast::http;

struct HttpsTestClient::Connection {
  asio::io_context io;
  ssl::context tls{ssl::context::tls_client};
  std::optional<ssl::stream<asio::ip::tcp::socket>> stream;
  boost::beast::flat_buffer buffer;
};

HttpsTestClient::HttpsTestClient(std::uint16_t port, const std::string& ca_pem, std::string host_name)
    : port_(port), ca_pem_(ca_pem), host_name_(std::move(host_name)) {}

HttpsTestClient::~HttpsTestClient() = default;

void HttpsTestClient::connect() {
  auto connection = std::make_unique<Connection>();
  connection->tls.add_certificate_authority(asio::buffer(ca_pem_));
  connection->tls.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  connection->stream.emplace(connection->io, connection->tls);
  auto& stream = *connection->stream;
  stream.set_verify_callback(ssl::host_name_verification(host_name_));
  SSL_set_tlsext_host_name(stream.native_handle(), host_name_.c_str());
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port_});
  stream.handshake(ssl::stream_base::client);
  connection_ = std::move(connection);
}

void HttpsTestClient::disconnect() { connection_.reset(); }

HttpResponse HttpsTestClient::request(const std::string& method, const std::string& target, const std::string& body,
                                      const std::vector<std::pair<std::string, std::string>>& headers) {
  if (!connection_) connect();
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, host_name_);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  http::write(*connection_->stream, request);
  HttpResponse response;
  http::read(*connection_->stream, connection_->buffer, response);
  if (!response.keep_alive()) disconnect();
  return response;
}

HttpResponse ScimCaller::call(const std::string& method, const std::string& target, const std::string& body) {
  std::vector<std::pair<std::string, std::string>> headers{{"Authorization", "Bearer " + key_}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/scim+json");
  return client_.request(method, target, body, headers);
}

boost::json::value json_of(const HttpResponse& response) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(response.body(), ec);
  if (ec) throw std::runtime_error("not JSON (" + ec.message() + "): " + response.body());
  return value;
}

}  // namespace oss::fake_omni::testing
