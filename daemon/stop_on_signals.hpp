#pragma once
// SIGINT and SIGTERM for a one-shot command (sync, apply): say so, then call `stop` (start nothing new, let the
// requests in flight finish); the command ends on its own and reports. exit_status() gives 130 or 143 then.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <functional>

namespace oss::cli {

class StopOnSignals {
 public:
  StopOnSignals(boost::asio::io_context& io, std::function<void()> stop);
  // Once the command has ended: stop waiting, so that the event loop can end.
  void cancel() { signals_.cancel(); }
  // The signal that came (SIGINT or SIGTERM), or 0.
  [[nodiscard]] int signal_number() const { return signal_number_; }

 private:
  boost::asio::signal_set signals_;
  int signal_number_ = 0;
};

}  // namespace oss::cli
