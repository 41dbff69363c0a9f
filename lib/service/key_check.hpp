#pragma once
// The start-up key check that comes before READY=1: GET /api/v1/whoami once, with few retries, so that
// `systemctl start` reports a personal access token at once instead of a unit that is "active" but useless.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "secret/secret.hpp"

namespace oss::service {

enum class KeyVerdict {
  accepted,      // an organization key (or an instance without /whoami: the first SCIM call decides)
  refused,       // a personal access token, or 401/403: fix the configuration
  unreachable,   // no answer: the cycles will retry, start-up goes on
};

struct KeyCheck {
  KeyVerdict verdict = KeyVerdict::accepted;
  std::string message;
};

// Start-up must not outlast systemd's TimeoutStartSec=: at most one retry, and at most this per step.
inline constexpr std::chrono::milliseconds kKeyCheckStepTimeout{10'000};

// The client options for a check a person or systemd waits for: at most one retry and kKeyCheckStepTimeout per
// step, so that an unreachable Omni is reported in seconds, not after the daemon's patient retries.
net::ClientOptions quick_check_options(net::ClientOptions options);

boost::asio::awaitable<KeyCheck> check_key(boost::asio::any_io_executor executor, const config::Config& config,
                                           const secret::ApiKey& key);

}  // namespace oss::service
