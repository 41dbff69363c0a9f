#include "service/health_probe.hpp"

#include <boost/system/system_error.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <optional>
#include <stdexcept>

namespace oss::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

asio::awaitable<ProbeAnswer> get(asio::ip::tcp::endpoint endpoint, std::string target,
                                 std::chrono::steady_clock::time_point deadline) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  // One deadline for the whole exchange: a probe either answers in time or counts as down.
  stream.expires_at(deadline);
  co_await stream.async_connect(endpoint, asio::use_awaitable);
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, endpoint.address().to_string() + ":" + std::to_string(endpoint.port()));
  request.set(http::field::user_agent, "omni-scim-sync healthcheck");
  request.keep_alive(false);
  stream.expires_at(deadline);
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  stream.expires_at(deadline);
  co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  co_return ProbeAnswer{response.result_int(), std::move(response.body())};
}

}  // namespace

ProbeAnswer probe(const asio::ip::tcp::endpoint& endpoint, std::string_view target, std::chrono::milliseconds timeout) {
  asio::io_context io;
  std::optional<ProbeAnswer> answer;
  std::exception_ptr failure;
  asio::co_spawn(io, get(endpoint, std::string(target), std::chrono::steady_clock::now() + timeout),
                 [&](std::exception_ptr error, ProbeAnswer result) {
                   failure = error;
                   if (!error) answer = std::move(result);
                 });
  io.run();
  const std::string where = "http://" + (endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                                    : endpoint.address().to_string()) +
                            ":" + std::to_string(endpoint.port()) + std::string(target);
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const boost::system::system_error& error) {
      // what() of a system_error carries "[system:111 at /usr/include/boost/...]": the message is what an admin needs.
      throw std::runtime_error("no answer from " + where + ": " + error.code().message() +
                               " (is omni-scim-sync run going, with metrics.listen at this address?)");
    } catch (const std::exception& error) {
      throw std::runtime_error("no answer from " + where + ": " + error.what());
    }
  }
  return std::move(*answer);
}

}  // namespace oss::service
