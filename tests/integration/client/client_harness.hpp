#pragma once
// The project's real client stack (HTTPS transport -> rate-limit scheduler -> SCIM client) pointed at a fake
// Omni server over real TLS on loopback, verifying the server's certificate against a throwaway CA.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "secret/secret.hpp"
#include "fake_omni/fake_omni_server.hpp"
#include "omni/omni_session.hpp"
#include "support/file_io.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace oss::testing {

inline constexpr const char* kOrgKey = "org-key-for-the-client-tests";
inline constexpr const char* kPat = "personal-access-token-for-the-client-tests";

inline const support::TestPki& shared_pki() {
  static const support::TestPki pki = support::make_test_pki();
  return pki;
}

// Runs one awaitable on `io` to completion and returns its value (or rethrows its exception).
template <typename T>
T run_to_completion(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
  std::optional<T> value;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(work), [&](std::exception_ptr error, T result) {
    failure = error;
    if (!error) value.emplace(std::move(result));
  });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*value);
}

struct ClientStack {
  ClientStack(const net::ClientOptions& options, const std::string& key, schedule::SchedulerOptions scheduler_options)
      : api_key(key), session(io.get_executor(), options, api_key, scheduler_options) {}

  boost::asio::io_context io;
  secret::ApiKey api_key;
  omni::OmniSession session;
  net::HttpsTransport& transport = session.transport();
  schedule::RateScheduler& scheduler = session.scheduler();
  omni::ScimClient& client = session.client();
};

class ClientTest : public ::testing::Test {
 protected:
  explicit ClientTest(const support::TestPki& server_pki = shared_pki())
      : server_(fake_omni::TlsIdentity{server_pki.server_cert_pem, server_pki.server_key_pem},
                fake_omni::FakeOmniOptions{100, std::nullopt, true, 7}) {
    own_user_id_ = server_.add_org_key(kOrgKey);
    server_.add_pat(kPat);
    server_.start();
    support::write_file(dir_ / "ca.pem", shared_pki().ca_pem);
    options_.base_url = server_.base_url();
    options_.ca_file = dir_ / "ca.pem";
    options_.requests_per_minute = 6000;
    options_.rate_window = std::chrono::milliseconds(1000);
    options_.timeout = std::chrono::milliseconds(3000);
    options_.max_in_flight = 4;
    options_.max_retries = 3;
  }

  // A fresh client stack with the current options; fast backoff so retry tests take milliseconds.
  ClientStack& stack(const std::string& key = kOrgKey) {
    auto scheduler_options = schedule::scheduler_options_from(options_);
    scheduler_options.backoff = schedule::Backoff{std::chrono::milliseconds(20), std::chrono::milliseconds(200)};
    stack_ = std::make_unique<ClientStack>(options_, key, scheduler_options);
    return *stack_;
  }

  template <typename T>
  T run(boost::asio::awaitable<T> work) {
    return run_to_completion(stack_->io, std::move(work));
  }

  std::size_t scim_requests() const {
    std::size_t n = 0;
    for (const auto& request : server_.requests())
      if (request.path().rfind("/api/scim/", 0) == 0) ++n;
    return n;
  }

  support::TempDir dir_{"oss-client-test"};
  fake_omni::FakeOmniServer server_;
  std::string own_user_id_;
  net::ClientOptions options_;
  std::unique_ptr<ClientStack> stack_;
};

}  // namespace oss::testing
