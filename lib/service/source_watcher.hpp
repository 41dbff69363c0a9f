#pragma once
// source.watch: inotify on the source's folder through Asio's posix::stream_descriptor. Exports are usually
// written in bursts (or as a temporary file renamed into place), so changes are debounced: the callback runs
// once the folder has been quiet for `debounce`.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "source/source_options.hpp"

namespace oss::service {

inline constexpr std::chrono::milliseconds kDefaultWatchDebounce{2000};

class SourceWatcher {
 public:
  // csv: changes to that file (written in place, replaced by rename, created, removed); directory: to any
  // user file directly in it (source::source_file_kind).
  SourceWatcher(const boost::asio::any_io_executor& executor, const source::SourceOptions& source,
                std::chrono::milliseconds debounce, std::function<void()> on_change);
  ~SourceWatcher();
  SourceWatcher(const SourceWatcher&) = delete;
  SourceWatcher& operator=(const SourceWatcher&) = delete;

  // Throws std::system_error naming the folder when inotify cannot watch it.
  void start();
  void stop();

  // Whether a change to `name` (a file name inside the watched folder) concerns the source.
  [[nodiscard]] bool concerns(std::string_view name) const;

  // Opaque; shared with the coroutines, so one still unwinding after stop() never touches a destroyed object.
  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace oss::service
