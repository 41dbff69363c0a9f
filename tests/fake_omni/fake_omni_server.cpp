#include "fake_omni_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <openssl/ssl.h>

#include <iostream>
#include <optional>
#include <stdexcept>
#include <thread>

#include "support/file_io.hpp"

namespace oss::fake_omni {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxRequestBody = 16 * 1024 * 1024;

ssl::context make_server_context(const TlsIdentity& identity) {
  ssl::context context(ssl::context::tls_server);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  context.use_certificate_chain(asio::buffer(identity.certificate_chain_pem), ec);
  if (ec) throw std::runtime_error("fake Omni: cannot load the server certificate: " + ec.message());
  context.use_private_key(asio::buffer(identity.private_key_pem), ssl::context::pem, ec);
  if (ec) throw std::runtime_error("fake Omni: cannot load the server key: " + ec.message());
  return context;
}

}  // namespace

TlsIdentity load_tls_identity(const std::filesystem::path& cert_dir) {
  return {support::read_file(cert_dir / "server.pem"), support::read_file(cert_dir / "server-key.pem")};
}

struct FakeOmniServer::Network {
  // Declared first so that it outlives the io_context, whose destruction destroys the sessions using it.
  ssl::context tls;
  asio::io_context io{1};
  std::optional<tcp::acceptor> acceptor;
  std::thread thread;
  std::string host;
  std::uint16_t port = 0;
  bool started = false;

  Network(const TlsIdentity& identity, std::string host_name, std::uint16_t wanted_port)
      : tls(make_server_context(identity)), host(std::move(host_name)), port(wanted_port) {}

  asio::awaitable<void> accept_loop(FakeOmni& service);
  asio::awaitable<void> serve(FakeOmni& service, tcp::socket socket);
};

// One connection: handshake, then request after request (keep-alive) until the client closes, asks to close,
// idles too long, or a fault drops the connection.
asio::awaitable<void> FakeOmniServer::Network::serve(FakeOmni& service, tcp::socket socket) {
  ssl::stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), tls);
  stream.next_layer().expires_after(30s);
  // A client that rejects our certificate fails here; that is its right, not our error.
  if (auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kUseTuple); ec) co_return;

  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxRequestBody);
    stream.next_layer().expires_after(120s);  // idle keep-alive connections are closed after this
    if (auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple); ec) break;

    Reply reply = service.handle(parser.get());
    if (reply.delay > 0ms) {
      asio::steady_timer timer(stream.get_executor(), reply.delay);
      co_await timer.async_wait(kUseTuple);
    }
    if (reply.drop) {
      // No answer and no TLS close_notify: the client sees the connection end under its read.
      beast::get_lowest_layer(stream).socket().close();
      co_return;
    }
    const bool keep_alive = reply.response.keep_alive();
    stream.next_layer().expires_after(30s);
    if (auto [ec, bytes] = co_await http::async_write(stream, reply.response, kUseTuple); ec || !keep_alive) break;
  }
  stream.next_layer().expires_after(5s);
  // Clients often close without close_notify; the resulting stream_truncated is expected and ignored.
  co_await stream.async_shutdown(kUseTuple);
}

asio::awaitable<void> FakeOmniServer::Network::accept_loop(FakeOmni& service) {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(kUseTuple);
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) continue;  // e.g. too many open files: keep serving the connections we have
    asio::co_spawn(io, serve(service, std::move(socket)), [](const std::exception_ptr& error) {
      if (!error) return;
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "fake Omni: connection ended with an error: " << e.what() << '\n';
      }
    });
  }
}

FakeOmniServer::FakeOmniServer(TlsIdentity identity, FakeOmniOptions options, std::string host, std::uint16_t port)
    : FakeOmni(options), network_(std::make_unique<Network>(identity, std::move(host), port)) {}

FakeOmniServer::~FakeOmniServer() { stop(); }

void FakeOmniServer::start() {
  if (network_->started) throw std::logic_error("fake Omni: start() called twice");
  boost::system::error_code ec;
  auto address = asio::ip::make_address(network_->host, ec);
  if (ec) throw std::runtime_error("fake Omni: bad listen address " + network_->host);
  tcp::endpoint endpoint(address, network_->port);
  network_->acceptor.emplace(network_->io);
  network_->acceptor->open(endpoint.protocol());
  network_->acceptor->set_option(asio::socket_base::reuse_address(true));
  network_->acceptor->bind(endpoint, ec);
  if (ec) throw std::runtime_error("fake Omni: cannot listen on " + network_->host + ":" +
                                   std::to_string(network_->port) + ": " + ec.message());
  network_->acceptor->listen();
  network_->port = network_->acceptor->local_endpoint().port();
  asio::co_spawn(network_->io, network_->accept_loop(*this), [](const std::exception_ptr&) {});
  network_->started = true;
  network_->thread = std::thread([this] { network_->io.run(); });
}

void FakeOmniServer::stop() {
  if (!network_ || !network_->thread.joinable()) return;
  asio::post(network_->io, [this] {
    boost::system::error_code ignored;
    network_->acceptor->close(ignored);
  });
  network_->io.stop();
  network_->thread.join();
}

std::uint16_t FakeOmniServer::port() const { return network_->port; }

std::string FakeOmniServer::base_url() const {
  return "https://" + network_->host + ":" + std::to_string(network_->port);
}

}  // namespace oss::fake_omni
