#pragma once
// The project's client stack (HTTPS transport -> rate-limit scheduler -> SCIM client) on one io_context, the way
// the daemon wires it, for benches that drive it against the in-process fake server. (The integration tests'
// ClientStack in tests/integration/client/client_harness.hpp is the same wiring, but that header needs GoogleTest.)
#include <boost/asio/io_context.hpp>

#include <string>

#include "config/secret.hpp"
#include "net/client_options.hpp"
#include "net/https_transport.hpp"
#include "omni/scim_client.hpp"
#include "schedule/rate_scheduler.hpp"

namespace oss::bench {

struct ClientStack {
  ClientStack(const net::ClientOptions& options, const std::string& key)
      : api_key(key),
        transport(io.get_executor(), options),
        scheduler(io.get_executor(), schedule::scheduler_options_from(options),
                  [this](net::Request request) { return transport.send(std::move(request)); }),
        client(scheduler, transport.endpoint(), api_key, options.page_size) {}

  boost::asio::io_context io;
  config::ApiKey api_key;
  net::HttpsTransport transport;
  schedule::RateScheduler scheduler;
  omni::ScimClient client;
};

}  // namespace oss::bench
