#include "net/tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace oss::net {

namespace ssl = boost::asio::ssl;

ssl::context make_tls_context(const std::optional<std::filesystem::path>& extra_ca_file) {
  ssl::context context(ssl::context::tls_client);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  // The options above are the Asio way; the protocol floor is the OpenSSL way and also covers future versions.
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  context.set_default_verify_paths();
  if (extra_ca_file) {
    boost::system::error_code ec;
    context.load_verify_file(extra_ca_file->string(), ec);
    if (ec) throw std::runtime_error("cannot load CA file " + extra_ca_file->string() + ": " + ec.message());
  }
  context.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return context;
}

}  // namespace oss::net
