#include "apply/progress.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>

namespace oss::apply {

std::string progress_text(std::size_t done, std::size_t total, double requests_per_minute) {
  std::string text = std::to_string(done) + "/" + std::to_string(total);
  if (requests_per_minute <= 0 || done >= total) return text;
  // Each operation needs at least one request, and the quota is the bottleneck on a long run.
  const auto seconds = static_cast<long long>(std::ceil(static_cast<double>(total - done) * 60.0 / requests_per_minute));
  const long long hours = seconds / 3600;
  const long long minutes = (seconds % 3600) / 60;
  text += ", ETA ";
  if (hours > 0) text += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) text += std::to_string(minutes) + "m";
  if (hours == 0) text += std::to_string(seconds % 60) + "s";
  return text;
}

Progress::Progress(const boost::asio::any_io_executor& executor, std::size_t total, double requests_per_minute,
                   bool terminal, std::FILE* terminal_stream)
    : timer_(executor), total_(total), requests_per_minute_(requests_per_minute), terminal_(terminal),
      stream_(terminal_stream) {}

void Progress::print() {
  const std::string text = progress_text(done_, total_, requests_per_minute_);
  if (terminal_) {
    std::fprintf(stream_, "\r\033[Kapplying: %s", text.c_str());
    std::fflush(stream_);
  } else {
    spdlog::info("applying: {}", text);
  }
}

boost::asio::awaitable<void> Progress::report() {
  const auto interval = terminal_ ? std::chrono::seconds(1) : std::chrono::seconds(30);
  while (!finished_) {
    timer_.expires_after(interval);
    const auto [error] = co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    // finish() cancels the wait, and so does the apply failing beside us: either way, stop.
    if (error == boost::asio::error::operation_aborted) co_return;
    if (!finished_) print();
  }
}

void Progress::finish() {
  finished_ = true;
  timer_.cancel();
  if (terminal_ && done_ > 0) {
    print();
    std::fputc('\n', stream_);
  }
}

}  // namespace oss::apply
