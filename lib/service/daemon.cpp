#include "service/daemon.hpp"

#include <cstdlib>

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <ostream>

#include "config/api_key.hpp"
#include "config/exit_codes.hpp"
#include "logging/event.hpp"
#include "logging/logging.hpp"
#include "service/cycle_changes_log.hpp"
#include "service/cycle_outcome.hpp"
#include "service/cycle_timing.hpp"
#include "service/key_check.hpp"
#include "service/listen_endpoint.hpp"
#include "state/run_lock.hpp"

namespace oss::service {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using logging::log_event;

namespace {

// Past the per-step timeout, in-flight requests get this much more to finish before the process exits anyway.
constexpr auto kShutdownMargin = std::chrono::seconds(5);

long long whole_seconds(Clock::duration d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

std::string utc_now_text() {
  const std::time_t now = std::time(nullptr);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(now));
}

}  // namespace

Daemon::Daemon(asio::io_context& io, DaemonOptions options, config::Config config, secret::ApiKey key)
    : io_(io),
      options_(std::move(options)),
      config_(std::make_unique<config::Config>(std::move(config))),
      key_(std::make_unique<secret::ApiKey>(std::move(key))),
      reconciler_(std::make_unique<sync::Reconciler>(io.get_executor(), *config_, *key_)),
      health_(config_->sync.interval),
      signals_(io, SIGTERM, SIGINT, SIGHUP),
      wake_(io),
      watchdog_timer_(io),
      shutdown_bound_(io) {
  arm_signals();
}

Daemon::~Daemon() = default;

int Daemon::run() {
  asio::co_spawn(io_, main_loop(), [this](std::exception_ptr error) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& failure) {
        spdlog::critical("the daemon stopped on an unexpected error: {}", failure.what());
      }
      exit_status_ = config::kExitFailure;
    }
    finish();
  });
  io_.run();
  return exit_status_;
}

void Daemon::arm_signals() {
  signals_.async_wait([this](const boost::system::error_code& ec, int number) {
    if (ec) return;   // cancelled by finish()
    on_signal(number);
    arm_signals();
  });
}

void Daemon::on_signal(int number) {
  if (number == SIGHUP) {
    if (stopping_) return;
    spdlog::info("SIGHUP received: reloading the configuration {}", in_cycle_ ? "after this cycle" : "now");
    reload_requested_ = true;
    request_cycle();
    return;
  }
  const char* name = number == SIGINT ? "SIGINT" : "SIGTERM";
  if (stopping_) {
    spdlog::warn("{} received again: still waiting for the requests in flight", name);
    return;
  }
  stopping_ = true;
  notifier_.stopping("stopping");
  reconciler_->stop();
  wake_.cancel();
  if (!in_cycle_) {
    spdlog::info("{} received: stopping", name);
    return;
  }
  const auto bound = config_->omni.client.timeout + kShutdownMargin;
  spdlog::warn("{} received: finishing the requests in flight (at most {} s), starting no new ones", name,
               whole_seconds(bound));
  shutdown_bound_.expires_after(bound);
  shutdown_bound_.async_wait([](const boost::system::error_code& ec) {
    if (ec) return;
    // Every audit line written so far is complete and fsync'd; what is still in flight has no line.
    spdlog::error("requests still in flight after the shutdown bound; exiting without their answers");
    spdlog::default_logger()->flush();
    ::_exit(config::kExitSuccess);
  });
}

void Daemon::request_cycle() {
  cycle_requested_ = true;
  wake_.cancel();
}

asio::awaitable<void> Daemon::wait_until(Clock::time_point deadline) {
  while (!stopping_ && !cycle_requested_ && Clock::now() < deadline) {
    wake_.expires_at(deadline);
    boost::system::error_code ec;
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> Daemon::main_loop() {
  const KeyCheck key = co_await check_key(io_.get_executor(), *config_, *key_);
  if (stopping_) co_return;
  switch (key.verdict) {
    case KeyVerdict::refused:
      log_event(spdlog::level::critical, "the API key was refused; fix omni.api_key_* and start again",
                {{"reason", key.message}});
      exit_status_ = config::kExitConfig;
      co_return;
    case KeyVerdict::unreachable:
      log_event(spdlog::level::warn, "starting without a verified key; the cycles will retry", {{"reason", key.message}});
      break;
    case KeyVerdict::accepted: spdlog::info("{}", key.message); break;
  }

  try {
    start_http();
  } catch (const std::exception& error) {
    spdlog::critical("{}", error.what());
    exit_status_ = config::kExitFailure;
    co_return;
  }
  start_watcher();

  const auto first_in = config_->sync.run_on_start ? Clock::duration::zero() : jittered(config_->sync.interval, rng_);
  notifier_.ready(config_->sync.run_on_start ? "running the first cycle"
                                             : fmt::format("first cycle in {} s", whole_seconds(first_in)));
  if (auto timeout = SystemdNotifier::watchdog_timeout())
    asio::co_spawn(io_, ping_watchdog(SystemdNotifier::watchdog_period(*timeout)), asio::detached);
  log_event(spdlog::level::info, "daemon started",
            {{"interval_seconds", config_->sync.interval.count()},
             {"run_on_start", config_->sync.run_on_start},
             {"watch", config_->source.watch},
             {"metrics", config_->metrics.listen}});

  Clock::time_point next = Clock::now() + first_in;
  while (!stopping_) {
    co_await wait_until(next);
    if (stopping_) break;
    cycle_requested_ = false;
    if (reload_requested_) {
      reload_requested_ = false;
      reload();
    }
    if (health_.key_refused()) {
      // Nothing to do until a reload brings a key that works: wait for SIGHUP (or SIGTERM).
      next = Clock::time_point::max();
      continue;
    }
    co_await run_one_cycle();
    auto delay = next_cycle_delay(config_->sync.interval, health_.consecutive_failures(), rng_);
    // The full reconcile keeps its beat even when it does not fall on a cycle.
    if (full_due_ && health_.consecutive_failures() == 0)
      delay = std::clamp<Clock::duration>(*full_due_ - std::chrono::system_clock::now(), Clock::duration::zero(), delay);
    next = Clock::now() + delay;
    if (!stopping_) notifier_.status(status_line(delay));
  }
  spdlog::info("stopped");
}

asio::awaitable<void> Daemon::run_one_cycle() {
  // The daemon's cycles print no plan: a log line says what happened.
  std::ostream discard(nullptr);
  sync::CycleOptions options;
  options.incremental = true;   // the reconciler runs a full one when it must (its first cycle, the full beat)
  in_cycle_ = true;
  std::optional<sync::CycleResult> result;
  std::string error;
  try {
    result = co_await reconciler_->run_cycle(options, discard);
  } catch (const std::exception& failure) {
    error = failure.what();   // e.g. state::LockHeld: a manual `sync` is applying right now
  }
  in_cycle_ = false;
  shutdown_bound_.cancel();
  // Between cycles no attribute name is in use outside an Attributes: those nothing holds any more are released,
  // so that keys which come and go in the source or at Omni do not grow the daemon for months.
  model::release_unused_attribute_names();

  if (!result) {
    health_.record_error();
    metrics_.record_error();
    last_cycle_ = fmt::format("error at {}: {}", utc_now_text(), error);
    log_event(spdlog::level::err, "cycle failed", {{"result", "error"}, {"reason", error}});
    co_return;
  }
  health_.record_cycle(result->outcome, Clock::now());
  metrics_.record_cycle(*result, std::chrono::system_clock::now());
  const std::string_view outcome = outcome_name(result->outcome);
  last_cycle_ = fmt::format("{} at {}: {}", outcome, utc_now_text(),
                            is_failure(result->outcome) && !result->message.empty() ? result->message : result->summary());
  std::vector<logging::Field> fields{{"result", outcome},
                                     {"applied", result->report.applied_total()},
                                     {"failed", result->report.failed_total()},
                                     {"withheld", result->plan.withheld.size()},
                                     {"source_records", result->source_records},
                                     {"remote_users", result->remote_users},
                                     {"kind", sync::cycle_kind_name(result->kind)},
                                     {"requests", result->requests},
                                     {"rate_limited", result->rate_limited},
                                     {"seconds", std::chrono::duration<double>(result->elapsed).count()}};
  if (!result->message.empty()) fields.emplace_back("reason", result->message);
  if (!result->full_reason.empty()) fields.emplace_back("full_reason", result->full_reason);
  full_due_ = std::nullopt;
  if (result->cache_listed_unix)
    full_due_ = std::chrono::system_clock::time_point(std::chrono::seconds(*result->cache_listed_unix)) +
                config_->sync.full_interval;
  log_cycle_changes(*result);
  if (result->outcome == sync::CycleOutcome::key_refused) {
    log_event(spdlog::level::critical, "the API key was refused: syncing stopped until the configuration is fixed and "
                                       "reloaded (systemctl reload omni-scim-sync, or SIGHUP)", fields);
  } else if (is_failure(result->outcome)) {
    log_event(spdlog::level::err, "cycle failed", fields);
  } else {
    log_event(spdlog::level::info, "cycle finished", fields);
  }
}

asio::awaitable<void> Daemon::ping_watchdog(std::chrono::microseconds period) {
  // From the event loop itself: if the loop hangs, the pings stop and systemd restarts the service.
  while (!finished_) {
    notifier_.watchdog();
    watchdog_timer_.expires_after(period);
    boost::system::error_code ec;
    co_await watchdog_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

void Daemon::reload() {
  notifier_.reloading();
  try {
    auto config = std::make_unique<config::Config>(config::load_config(options_.config_file));
    // A key from the environment was read at start and removed from it (secret.cpp): it stays while api_key_env
    // names the same variable. A key file is read again, so a rotated key takes effect on reload.
    std::unique_ptr<secret::ApiKey> key;
    const bool same_environment_key = !config->omni.api_key_env.empty() &&
                                      config->omni.api_key_env == config_->omni.api_key_env &&
                                      std::getenv(config->omni.api_key_env.c_str()) == nullptr;
    if (!same_environment_key) key = std::make_unique<secret::ApiKey>(config::load_api_key(config->omni));
    auto reconciler = std::make_unique<sync::Reconciler>(io_.get_executor(), *config, key ? *key : *key_);
    // A new listen address is bound before anything is replaced, so a taken port fails the reload.
    std::unique_ptr<HttpServer> http;
    const bool listen_changed = config->metrics.listen != config_->metrics.listen;
    if (listen_changed && !config->metrics.listen.empty()) http = make_http_server(config->metrics.listen);
    metrics_.retire_scheduler(reconciler_->scheduler_stats());
    // The old reconciler goes first: it refers to the old configuration and key.
    reconciler_ = std::move(reconciler);
    config_ = std::move(config);
    if (key) key_ = std::move(key);
    logging::setup_logging(config_->logging);
    health_.reloaded(config_->sync.interval);
    if (listen_changed) {
      if (http_) http_->stop();
      http_ = std::move(http);
    }
    if (watcher_) watcher_->stop();
    watcher_.reset();
    start_watcher();
    metrics_.record_reload(true);
    log_event(spdlog::level::info, "configuration reloaded",
              {{"file", options_.config_file.string()}, {"interval_seconds", config_->sync.interval.count()}});
  } catch (const std::exception& error) {
    metrics_.record_reload(false);
    log_event(spdlog::level::err, "reload failed; keeping the current configuration", {{"reason", error.what()}});
  }
  notifier_.ready(last_cycle_.empty() ? "configuration reloaded" : "last cycle " + last_cycle_);
}

void Daemon::start_http() {
  if (!config_->metrics.listen.empty()) http_ = make_http_server(config_->metrics.listen);
}

std::unique_ptr<HttpServer> Daemon::make_http_server(const std::string& listen) {
  // The handler reads the daemon's current state, whichever configuration is loaded.
  auto server = std::make_unique<HttpServer>(io_.get_executor(), [this](auto method, std::string_view target) {
    HealthEndpoints endpoints{
        [this] { return health_.unhealthy_reason(); },
        [this] { return health_.not_ready_reason(Clock::now()); },
        [this] { return metrics_.render(reconciler_->scheduler_stats(), health_gauges()); },
    };
    return route(method, target, endpoints);
  });
  server->start(parse_listen_address(listen));
  const auto endpoint = server->local_endpoint();
  log_event(spdlog::level::info, "serving /healthz, /readyz and /metrics",
            {{"address", endpoint.address().to_string()}, {"port", endpoint.port()}});
  return server;
}

void Daemon::start_watcher() {
  if (!config_->source.watch) return;
  auto watcher = std::make_unique<SourceWatcher>(io_.get_executor(), config_->source, options_.watch_debounce, [this] {
    if (stopping_) return;
    spdlog::info("the source changed: starting a cycle {}", in_cycle_ ? "after this one" : "now");
    request_cycle();
  });
  try {
    watcher->start();
    watcher_ = std::move(watcher);
  } catch (const std::exception& error) {
    // The cycles still run on the interval; the source read will say what is wrong with the path.
    log_event(spdlog::level::warn, "source.watch is off", {{"reason", error.what()}});
  }
}

void Daemon::finish() {
  if (finished_) return;
  finished_ = true;
  if (!stopping_) notifier_.stopping("stopping");
  stopping_ = true;
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  wake_.cancel();
  watchdog_timer_.cancel();
  shutdown_bound_.cancel();
  if (http_) http_->stop();
  if (watcher_) watcher_->stop();
}

HealthGauges Daemon::health_gauges() const {
  return HealthGauges{!health_.unhealthy_reason().has_value(), !health_.not_ready_reason(Clock::now()).has_value(),
                      health_.consecutive_failures()};
}

std::string Daemon::status_line(Clock::duration next_in) const {
  if (health_.key_refused()) return "syncing stopped: the API key was refused; fix it and reload. Last cycle " + last_cycle_;
  return fmt::format("last cycle {}; next in {} s", last_cycle_, whole_seconds(next_in));
}

}  // namespace oss::service
