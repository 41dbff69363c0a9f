#include "stop_on_signals.hpp"

#include <csignal>
#include <spdlog/spdlog.h>

namespace oss::cli {

StopOnSignals::StopOnSignals(boost::asio::io_context& io, std::function<void()> stop) : signals_(io, SIGINT, SIGTERM) {
  signals_.async_wait([this, stop = std::move(stop)](const boost::system::error_code& ec, int number) {
    if (ec) return;
    signal_number_ = number;
    spdlog::warn("{} received: finishing the requests in flight, starting no new ones", number == SIGINT ? "SIGINT" : "SIGTERM");
    stop();
  });
}

}  // namespace oss::cli
