#pragma once
// A tiny TLS listener that speaks nothing newer than TLS 1.1, to prove the client refuses an old protocol. It
// only shakes hands (and answers nothing); it counts the connections that reached it and how their handshakes
// ended, so a test can tell "refused by the client" from "never connected".
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace oss::testing {

class OldTlsServer {
 public:
  OldTlsServer(const std::string& certificate_pem, const std::string& private_key_pem);
  ~OldTlsServer();
  OldTlsServer(const OldTlsServer&) = delete;
  OldTlsServer& operator=(const OldTlsServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  [[nodiscard]] int connections() const { return connections_; }
  [[nodiscard]] int completed_handshakes() const { return completed_handshakes_; }

 private:
  struct Network;
  std::unique_ptr<Network> network_;
  std::atomic<int> connections_{0};
  std::atomic<int> completed_handshakes_{0};
};

}  // namespace oss::testing
