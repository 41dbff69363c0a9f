#pragma once
// The fake Omni service behind a real HTTPS listener (Boost.Beast + Asio coroutines, HTTP/1.1 keep-alive),
// serving on its own thread. Everything FakeOmni offers (keys, users, faults, recorded requests) is available
// on the server object while it runs.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "fake_omni.hpp"

namespace oss::fake_omni {

struct TlsIdentity {
  std::string certificate_chain_pem;
  std::string private_key_pem;
};

// Reads server.pem and server-key.pem from a folder written by support::write_pki or `fake-omni --make-pki`.
TlsIdentity load_tls_identity(const std::filesystem::path& cert_dir);

class FakeOmniServer : public FakeOmni {
 public:
  explicit FakeOmniServer(TlsIdentity identity, FakeOmniOptions options = {}, std::string host = "127.0.0.1",
                          std::uint16_t port = 0);
  ~FakeOmniServer() override;

  // Binds (port 0: an ephemeral port) and starts serving on a new thread. Throws std::runtime_error when the
  // address cannot be bound or the certificate does not load.
  void start();
  // Stops accepting, drops open connections and joins the thread. Idempotent.
  void stop();

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] std::string base_url() const;  // https://127.0.0.1:<port>, no trailing slash

 private:
  struct Network;
  std::unique_ptr<Network> network_;
};

}  // namespace oss::fake_omni
