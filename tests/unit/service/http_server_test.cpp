// The Beast server and the probe client together over loopback; its limits against idle and trickling clients.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <cerrno>
#include <future>
#include <thread>
#include <vector>

#include "service/health_probe.hpp"
#include "service/http_server.hpp"

namespace oss::service {
namespace {

using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

class HttpServerTest : public ::testing::Test {
 protected:
  explicit HttpServerTest(HttpServerLimits limits = {})
      : server_(io_.get_executor(), [this](auto method, std::string_view target) {
          ++requests_;
          return route(method, target, HealthEndpoints{[] { return std::optional<std::string>(); },
                                                       [] { return std::optional<std::string>("not yet"); },
                                                       [] { return std::string("a 1\n"); }});
        }, limits) {
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

  // The server's count, read on its own thread.
  std::size_t open_connections() {
    std::promise<std::size_t> count;
    boost::asio::post(io_, [&] { count.set_value(server_.open_connections()); });
    return count.get_future().get();
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

// Small limits, so that a test reaches them quickly.
class LimitedHttpServerTest : public HttpServerTest {
 protected:
  static constexpr std::size_t kCap = 4;
  static constexpr auto kDeadline = 300ms;
  LimitedHttpServerTest() : HttpServerTest(HttpServerLimits{kCap, kDeadline}) {}

  ip::tcp::socket connect_idle() {
    ip::tcp::socket socket(client_io_);
    socket.connect(server_.local_endpoint());   // completes from the kernel's backlog, accepted or not
    return socket;
  }
  boost::asio::io_context client_io_;
};

// True when the peer closed `socket` (EOF or reset) within `timeout`; false if it stays open.
bool closed_by_peer(ip::tcp::socket& socket, std::chrono::milliseconds timeout) {
  pollfd entry{socket.native_handle(), POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char byte = 0;
  const auto got = ::recv(socket.native_handle(), &byte, 1, MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno == ECONNRESET);
}

TEST_F(LimitedHttpServerTest, IdleConnectionsBeyondTheCapWaitAndEachIsClosedAtTheDeadline) {
  std::vector<ip::tcp::socket> idle;
  for (std::size_t i = 0; i < 3 * kCap; ++i) idle.push_back(connect_idle());
  // A probe made during the flood waits in the backlog and is served once the idle ones are dropped.
  auto during_flood = std::async(std::launch::async, [&] { return probe(server_.local_endpoint(), "/healthz", 20s); });

  std::size_t most = 0;
  std::size_t closed = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (closed < idle.size() && std::chrono::steady_clock::now() < deadline) {
    most = std::max(most, open_connections());
    closed = std::count_if(idle.begin(), idle.end(), [](auto& socket) { return closed_by_peer(socket, 0ms); });
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(most, kCap) << "the server holds at most the cap, and reaches it";
  EXPECT_EQ(closed, idle.size()) << "every idle connection is closed by the server after the deadline";
  EXPECT_EQ(during_flood.get().status, 200u);
  EXPECT_EQ(probe(server_.local_endpoint(), "/healthz", 5s).status, 200u);
}

TEST_F(LimitedHttpServerTest, ARequestTrickledAByteAtATimeIsCutOffAtTheWholeRequestDeadline) {
  // Each byte comes well within the deadline; the whole request would take about six deadlines.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n";
  const auto gap = kDeadline * 6 / request.size();
  auto socket = connect_idle();
  const auto started = std::chrono::steady_clock::now();
  bool cut_off = false;
  for (char byte : request) {
    // MSG_NOSIGNAL: writing to the socket the server closed fails (EPIPE) instead of killing the test.
    if (::send(socket.native_handle(), &byte, 1, MSG_NOSIGNAL) != 1 || closed_by_peer(socket, std::chrono::duration_cast<std::chrono::milliseconds>(gap))) {
      cut_off = true;
      break;
    }
  }
  EXPECT_TRUE(cut_off) << "the server answered or waited for a request trickled over six deadlines";
  EXPECT_GE(std::chrono::steady_clock::now() - started, kDeadline) << "not cut off before its deadline";
  EXPECT_EQ(requests_, 0);
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
