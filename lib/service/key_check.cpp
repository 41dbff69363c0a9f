#include "service/key_check.hpp"

#include <algorithm>

#include "omni/omni_session.hpp"

namespace oss::service {

net::ClientOptions quick_check_options(net::ClientOptions options) {
  options.max_retries = std::min(options.max_retries, 1);
  options.timeout = std::min(options.timeout, kKeyCheckStepTimeout);
  return options;
}

boost::asio::awaitable<KeyCheck> check_key(boost::asio::any_io_executor executor, const config::Config& config,
                                           const secret::ApiKey& key) {
  const net::ClientOptions options = quick_check_options(config.omni.client);
  // A short-lived session of its own, so the check needs nothing from the Reconciler. The Reconciler's scheduler
  // does not count this one request; at worst it meets one 429 in its first cycle, which it handles.
  omni::OmniSession session(executor, options, key);
  auto& client = session.client();
  try {
    auto who = co_await client.whoami();
    if (!who) co_return KeyCheck{KeyVerdict::accepted, "this Omni instance has no /api/v1/whoami; the first SCIM call checks the key"};
    co_return KeyCheck{KeyVerdict::accepted, "the API key is an organization key"};
  } catch (const omni::KeyRefused& error) {
    co_return KeyCheck{KeyVerdict::refused, error.what()};
  } catch (const std::exception& error) {
    co_return KeyCheck{KeyVerdict::unreachable, std::string("cannot verify the API key now: ") + error.what()};
  }
}

}  // namespace oss::service
