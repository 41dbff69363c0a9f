#pragma once
// Reading the source blocks (a large file; a directory server answering page by page), and the event loop must
// meanwhile keep serving signals, /healthz and the systemd watchdog: every cycle reads its source here, on a
// worker thread of its own, and resumes on the caller's executor with the snapshot (or the exception). A stop
// cannot reach into that thread: `read` must watch a stop token of its own (see source::SourceOptions::stop).
#include <boost/asio/awaitable.hpp>
#include <functional>

#include "snapshot/snapshot.hpp"

namespace oss::sync {

boost::asio::awaitable<snapshot::Snapshot> read_off_loop(std::function<snapshot::Snapshot()> read);

}  // namespace oss::sync
