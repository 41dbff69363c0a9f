#include "old_tls_server.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <thread>

namespace oss::testing {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;

struct OldTlsServer::Network {
  ssl::context tls{ssl::context::tls_server};
  asio::io_context io{1};
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  std::thread thread;
};

OldTlsServer::OldTlsServer(const std::string& certificate_pem, const std::string& private_key_pem)
    : network_(std::make_unique<Network>()) {
  SSL_CTX* native = network_->tls.native_handle();
  // OpenSSL 3 refuses TLS 1.0/1.1 at the default security level even as a server; level 0 lets it offer them.
  SSL_CTX_set_security_level(native, 0);
  SSL_CTX_set_min_proto_version(native, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(native, TLS1_1_VERSION);
  SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
  network_->tls.use_certificate_chain(asio::buffer(certificate_pem));
  network_->tls.use_private_key(asio::buffer(private_key_pem), ssl::context::pem);

  asio::co_spawn(
      network_->io,
      [this]() -> asio::awaitable<void> {
        for (;;) {
          tcp::socket socket = co_await network_->acceptor.async_accept(asio::use_awaitable);
          ++connections_;
          ssl::stream<tcp::socket> stream(std::move(socket), network_->tls);
          boost::system::error_code ec;
          co_await stream.async_handshake(ssl::stream_base::server,
                                          asio::redirect_error(asio::use_awaitable, ec));
          if (!ec) ++completed_handshakes_;
        }
      },
      asio::detached);
  network_->thread = std::thread([this] { network_->io.run(); });
}

OldTlsServer::~OldTlsServer() {
  network_->io.stop();
  network_->thread.join();
}

std::uint16_t OldTlsServer::port() const { return network_->acceptor.local_endpoint().port(); }

}  // namespace oss::testing
