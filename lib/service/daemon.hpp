#pragma once
// `omni-scim-sync run`: one io_context, one coroutine that runs a cycle, waits the interval (with jitter and
// backoff) and runs the next, so cycles never overlap. Around it: signals (SIGTERM/SIGINT stop, SIGHUP
// reloads between cycles), sd_notify, the source watcher and the health/metrics endpoint, all on the same
// thread, so they share the daemon's state without locks.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "config/config.hpp"
#include "secret/secret.hpp"
#include "service/health_state.hpp"
#include "service/http_server.hpp"
#include "service/metrics.hpp"
#include "service/source_watcher.hpp"
#include "service/systemd_notifier.hpp"
#include "sync/reconciler.hpp"

namespace oss::service {

struct DaemonOptions {
  std::filesystem::path config_file;   // read again on SIGHUP
  std::chrono::milliseconds watch_debounce = kDefaultWatchDebounce;
};

class Daemon {
 public:
  // Signals are caught from here on (before run()), so an early SIGTERM is not fatal.
  Daemon(boost::asio::io_context& io, DaemonOptions options, config::Config config, secret::ApiKey key);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs until SIGTERM/SIGINT (0), a refused key at start-up (78), or a failure to start (1).
  int run();

 private:
  boost::asio::awaitable<void> main_loop();
  boost::asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point deadline);
  boost::asio::awaitable<void> run_one_cycle();
  boost::asio::awaitable<void> ping_watchdog(std::chrono::microseconds period);
  void arm_signals();
  void on_signal(int number);
  void request_cycle();
  void reload();
  void start_http();
  // Bound and accepting; throws when the address cannot be bound.
  std::unique_ptr<HttpServer> make_http_server(const std::string& listen);
  void start_watcher();
  void finish();
  [[nodiscard]] HealthGauges health_gauges() const;
  [[nodiscard]] std::string status_line(std::chrono::steady_clock::duration next_in) const;

  boost::asio::io_context& io_;
  DaemonOptions options_;
  // The Reconciler holds references to the configuration and the key: all three are replaced together.
  std::unique_ptr<config::Config> config_;
  std::unique_ptr<secret::ApiKey> key_;
  std::unique_ptr<sync::Reconciler> reconciler_;
  HealthState health_;
  Metrics metrics_;
  SystemdNotifier notifier_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<SourceWatcher> watcher_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer wake_;            // the wait between cycles; cancelled to start one early
  boost::asio::steady_timer watchdog_timer_;
  boost::asio::steady_timer shutdown_bound_;  // in-flight requests get this long after SIGTERM
  std::mt19937_64 rng_{std::random_device{}()};
  bool stopping_ = false;
  bool finished_ = false;
  bool cycle_requested_ = false;
  bool reload_requested_ = false;
  bool in_cycle_ = false;
  int exit_status_ = 0;
  std::string last_cycle_;   // "in_step at 12:00:03Z: Applied 2 (create 2), ..." for STATUS=
  // When the next full reconcile is due (from the last cycle's cache): the daemon wakes for it.
  std::optional<std::chrono::system_clock::time_point> full_due_;
};

}  // namespace oss::service
