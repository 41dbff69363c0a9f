#pragma once
// Progress of a long apply (10,000 creates take about three hours at 60 requests a minute): on a terminal a
// line redrawn in place with done/total and an ETA from the quota, otherwise a log line every 30 s.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <string>

namespace oss::apply {

// "1234/10000, ETA 2h26m": pure, so it is tested without a clock.
std::string progress_text(std::size_t done, std::size_t total, double requests_per_minute);

class Progress {
 public:
  Progress(const boost::asio::any_io_executor& executor, std::size_t total, double requests_per_minute,
           bool terminal, std::FILE* terminal_stream = stderr);
  void step() { ++done_; }
  // Reports until finish() is called or the wait is cancelled; run it beside the apply with `&&`, so that it
  // ends before this object does.
  boost::asio::awaitable<void> report();
  void finish();

 private:
  void print();
  boost::asio::steady_timer timer_;
  std::size_t total_;
  std::size_t done_ = 0;
  double requests_per_minute_;
  bool terminal_;
  std::FILE* stream_;
  bool finished_ = false;
};

}  // namespace oss::apply
