#include "sync/off_loop_read.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace oss::sync {

namespace asio = boost::asio;

asio::awaitable<snapshot::Snapshot> read_off_loop(std::function<snapshot::Snapshot()> read) {
  // One thread per read: a read happens once a cycle, and a thread of its own cannot be starved by anything else.
  asio::thread_pool worker(1);
  snapshot::Snapshot snapshot = co_await asio::co_spawn(
      worker, [&read]() -> asio::awaitable<snapshot::Snapshot> { co_return read(); }, asio::use_awaitable);
  worker.join();
  co_return snapshot;
}

}  // namespace oss::sync
