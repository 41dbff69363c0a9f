// The Beast server and the probe client together over loopback.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <thread>

#include "service/health_probe.hpp"
#include "service/http_server.hpp"

namespace oss::service {
namespace {

using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() : server_(io_.get_executor(), [this](auto method, std::string_view target) {
    ++requests_;
    return route(method, target, HealthEndpoints{[] { return std::optional<std::string>(); },
                                                 [] { return std::optional<std::string>("not yet"); },
                                                 [] { return std::string("a 1\n"); }});
  }) {
    server_.start(ip::tcp::endpoint(ip::address_v4::loopback(), 0));
    thread_ = std::thread([this] { io_.run(); });
  }
  ~HttpServerTest() override {
    std::promise<void> stopped;
    boost::asio::post(io_, [&] {
      server_.stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
    work_.reset();
    thread_.join();
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  int requests_ = 0;
  HttpServer server_;
  std::thread thread_;
};

TEST_F(HttpServerTest, AnswersHealthReadinessAndMetricsOverHttp) {
  const auto endpoint = server_.local_endpoint();
  EXPECT_EQ(probe(endpoint, "/healthz", 2000ms).status, 200u);
  const auto ready = probe(endpoint, "/readyz", 2000ms);
  EXPECT_EQ(ready.status, 503u);
  EXPECT_EQ(ready.body, "not yet\n");
  EXPECT_EQ(probe(endpoint, "/metrics", 2000ms).body, "a 1\n");
  EXPECT_EQ(probe(endpoint, "/other", 2000ms).status, 404u);
}

TEST_F(HttpServerTest, BindingATakenPortNamesTheAddress) {
  HttpServer second(io_.get_executor(), [](auto, std::string_view) { return HttpAnswer{}; });
  try {
    second.start(server_.local_endpoint());
    FAIL() << "bound a port that is taken";
  } catch (const std::system_error& error) {
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(server_.local_endpoint().port())),
              std::string::npos)
        << error.what();
  }
}

TEST(HealthProbe, NothingListeningIsAnErrorNamingTheUrl) {
  boost::asio::io_context io;
  ip::tcp::acceptor acceptor(io, ip::tcp::endpoint(ip::address_v4::loopback(), 0));
  const auto endpoint = acceptor.local_endpoint();
  acceptor.close();
  try {
    probe(endpoint, "/healthz", 1000ms);
    FAIL() << "expected no answer";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/healthz"), std::string::npos) << error.what();
  }
}

TEST(HealthProbe, ASilentServerTimesOut) {
  boost::asio::io_context io;
  // Listening but never accepting: connect succeeds (backlog), no answer ever comes.
  ip::tcp::acceptor acceptor(io, ip::tcp::endpoint(ip::address_v4::loopback(), 0));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(probe(acceptor.local_endpoint(), "/healthz", 300ms), std::runtime_error);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

}  // namespace
}  // namespace oss::service
