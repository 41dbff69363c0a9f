#pragma once
// Everything that talks to one Omni instance with one key, wired once: HTTPS transport -> rate-limit
// scheduler -> SCIM client. The reconciler, the integration tests and the benchmarks all use this.
#include <boost/asio/any_io_executor.hpp>

#include "secret/secret.hpp"
#include "net/client_options.hpp"
#include "net/https_transport.hpp"
#include "omni/scim_client.hpp"
#include "schedule/rate_scheduler.hpp"

namespace oss::omni {

class OmniSession {
 public:
  // Throws what the transport throws for a bad base_url or CA file. `key` must outlive the session.
  OmniSession(const boost::asio::any_io_executor& executor, const net::ClientOptions& options, const secret::ApiKey& key,
              const schedule::SchedulerOptions& scheduler_options);
  OmniSession(const boost::asio::any_io_executor& executor, const net::ClientOptions& options, const secret::ApiKey& key)
      : OmniSession(executor, options, key, schedule::scheduler_options_from(options)) {}
  OmniSession(const OmniSession&) = delete;
  OmniSession& operator=(const OmniSession&) = delete;

  net::HttpsTransport& transport() { return transport_; }
  schedule::RateScheduler& scheduler() { return scheduler_; }
  const schedule::RateScheduler& scheduler() const { return scheduler_; }
  ScimClient& client() { return client_; }

 private:
  net::HttpsTransport transport_;
  schedule::RateScheduler scheduler_;
  ScimClient client_;
};

}  // namespace oss::omni
