#pragma once
#include <stdexcept>
#include <string>

namespace oss::net {

// A request that got no HTTP answer. `retryable` says whether trying again may help: a timeout or a dropped
// connection may; a certificate the client refuses never will.
class TransportError : public std::runtime_error {
 public:
  enum class Step { resolve, connect, handshake, write, read };
  TransportError(Step step, std::string message, bool retryable)
      : std::runtime_error(std::move(message)), step_(step), retryable_(retryable) {}
  [[nodiscard]] Step step() const { return step_; }
  [[nodiscard]] bool retryable() const { return retryable_; }

 private:
  Step step_;
  bool retryable_;
};

}  // namespace oss::net
