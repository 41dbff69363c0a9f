#include "service/source_watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "source/records/directory_listing.hpp"

namespace oss::service {

namespace asio = boost::asio;

struct SourceWatcher::State {
  State(const asio::any_io_executor& executor, std::chrono::milliseconds debounce_, std::function<void()> on_change_)
      : descriptor(executor), quiet(executor), debounce(debounce_), on_change(std::move(on_change_)) {}
  asio::posix::stream_descriptor descriptor;
  asio::steady_timer quiet;
  std::chrono::milliseconds debounce;
  std::function<void()> on_change;
  std::filesystem::path folder;
  std::string file_name;   // csv: the file; directory: empty (any *.csv)
  bool stopped = false;
  std::uint64_t generation = 0;   // bumps on every change, so only the last debounce timer fires
};

namespace {

bool concerns_state(const SourceWatcher::State& state, std::string_view name) {
  // A folder source reads the files source_file_kind accepts; a change to anything else (a *.tmp being
  // written) is not a change of the source yet.
  if (state.file_name.empty()) return source::source_file_kind(std::filesystem::path(name)).has_value();
  return name == state.file_name;
}

asio::awaitable<void> debounce_then_notify(std::shared_ptr<SourceWatcher::State> state, std::uint64_t generation) {
  boost::system::error_code ec;
  co_await state->quiet.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (!state->stopped && generation == state->generation) state->on_change();
}

// A plain function, not in the coroutine: inotify_event's flexible array member cannot live in a coroutine frame.
bool batch_concerns_source(const SourceWatcher::State& state, const char* data, std::size_t n) {
  bool relevant = false;
  for (std::size_t offset = 0; offset + sizeof(inotify_event) <= n;) {
    inotify_event event;
    std::memcpy(&event, data + offset, sizeof(event));
    const char* name = data + offset + sizeof(inotify_event);
    // The kernel pads names with NULs: strnlen finds the real end.
    const std::string_view file(name, event.len ? ::strnlen(name, event.len) : 0);
    if (event.mask & IN_Q_OVERFLOW) relevant = true;   // events were lost: assume the source changed
    else if (!file.empty() && concerns_state(state, file)) relevant = true;
    offset += sizeof(inotify_event) + event.len;
  }
  return relevant;
}

asio::awaitable<void> read_events(std::shared_ptr<SourceWatcher::State> state) {
  // Room for many events with names at once.
  std::array<char, 16 * (sizeof(inotify_event) + NAME_MAX + 1)> buffer{};
  while (!state->stopped) {
    boost::system::error_code ec;
    const std::size_t n =
        co_await state->descriptor.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec || state->stopped) co_return;
    const bool relevant = batch_concerns_source(*state, buffer.data(), n);
    if (!relevant) continue;
    // Restart the quiet period: the callback runs `debounce` after the last change of a burst.
    const std::uint64_t generation = ++state->generation;
    state->quiet.expires_after(state->debounce);
    asio::co_spawn(state->descriptor.get_executor(), debounce_then_notify(state, generation), asio::detached);
  }
}

}  // namespace

SourceWatcher::SourceWatcher(const asio::any_io_executor& executor, const source::SourceOptions& source,
                             std::chrono::milliseconds debounce, std::function<void()> on_change)
    : state_(std::make_shared<State>(executor, debounce, std::move(on_change))) {
  if (source.type == source::SourceType::directory) {
    state_->folder = source.path;
  } else {
    // The folder, not the file: an export replaced by rename() would otherwise leave us watching the old inode.
    state_->folder = source.path.has_parent_path() ? source.path.parent_path() : std::filesystem::path(".");
    state_->file_name = source.path.filename().string();
  }
}

SourceWatcher::~SourceWatcher() { stop(); }

void SourceWatcher::start() {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "source.watch: inotify_init1");
  constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;
  if (::inotify_add_watch(fd, state_->folder.c_str(), kMask) < 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error(error, std::generic_category(), "source.watch: cannot watch " + state_->folder.string());
  }
  state_->descriptor.assign(fd);
  asio::co_spawn(state_->descriptor.get_executor(), read_events(state_), asio::detached);
}

void SourceWatcher::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  boost::system::error_code ignored;
  state_->descriptor.close(ignored);
  state_->quiet.cancel();
}

bool SourceWatcher::concerns(std::string_view name) const { return concerns_state(*state_, name); }

}  // namespace oss::service
