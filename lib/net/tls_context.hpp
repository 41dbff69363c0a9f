#pragma once
#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <optional>

namespace oss::net {

// A client TLS context: TLS 1.2 or newer, peer verification on, trusting the system store plus `extra_ca_file`.
// Throws std::runtime_error naming the CA file when it cannot be loaded.
boost::asio::ssl::context make_tls_context(const std::optional<std::filesystem::path>& extra_ca_file);

}  // namespace oss::net
