#pragma once
// One cycle of the pipeline: verify the key -> read the source -> list Omni's users -> plan -> guard ->
// (apply). The one-shot `sync` command runs one cycle; the daemon runs one per interval with the same object,
// so the scheduler's quota window and the remote cache carry over from one cycle to the next.
//
// A cycle is full (it lists all of Omni) or incremental (it plans against the remote cache: Omni's users as the
// last full list showed them, kept in step with every accepted write, so only the changed people cost requests).
// See choose_full_reason in reconciler.cpp for when a full one runs.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stop_token>
#include <ostream>
#include <string>

#include "apply/applier.hpp"
#include "cache/remote_cache.hpp"
#include "config/config.hpp"
#include "secret/secret.hpp"
#include "guard/guard_policy.hpp"
#include "omni/omni_session.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"
#include "sync/cycle_deadline.hpp"

namespace oss::sync {

enum class OutputFormat { text, json };

struct CycleOptions {
  bool dry_run = false;
  std::optional<std::size_t> allow_deletes;   // --allow-deletes N, for this run only
  OutputFormat output = OutputFormat::text;
  bool terminal = false;                      // stderr is a terminal: draw a progress line
  // Plan against the remote cache when it can be trusted (the daemon; `sync --incremental`).
  bool incremental = false;
  // With `incremental`: take the cache from state_dir when this process holds none (`sync --incremental`). The
  // daemon does not: its first cycle after start-up or a reload is full.
  bool cache_from_file = false;
  // With dry_run: also write the plan as a reviewed plan file here (lib/planfile), for `apply FILE`.
  std::filesystem::path plan_out;
  std::string program_version;   // named in the plan file ("omni-scim-sync 0.9.0")
};

enum class CycleKind { full, incremental };
const char* cycle_kind_name(CycleKind kind);   // "full", "incremental"

// Why a cycle ended; the CLI maps it to an exit status.
enum class CycleOutcome {
  in_step,           // nothing to do, or everything applied
  changes_pending,   // dry run with changes
  guard_withheld,    // a safety guard withheld removals
  some_failed,       // some operations failed
  not_audited,       // writes Omni accepted whose audit line could not be written: the apply stopped
  key_refused,       // PAT / 401 / 403: fix the configuration
  source_failed,     // the source could not be read: nothing sent
  omni_failed,       // Omni could not be listed or reached: nothing sent
  interrupted,       // stopped by a signal
  timed_out,         // ran past its deadline (sync.cycle_timeout_seconds and the requests it needed): cut short
};

struct CycleResult {
  CycleOutcome outcome = CycleOutcome::in_step;
  std::string message;              // the reason, for failures
  plan::Plan plan;                  // after guards
  std::optional<plan::GroupPlan> groups;   // after guards; only with sync.groups.enabled
  apply::ApplyReport report;
  std::size_t source_records = 0;
  std::size_t remote_users = 0;    // at Omni: listed (full) or held in the cache (incremental)
  CycleKind kind = CycleKind::full;
  std::string full_reason;          // why a full cycle ran
  std::optional<std::int64_t> cache_listed_unix;   // when the cache's full list was read (after the cycle)
  std::uint64_t requests = 0;       // sent in this cycle, retries included
  std::uint64_t rate_limited = 0;   // 429s met in this cycle
  std::chrono::steady_clock::time_point started{};   // when the cycle began (time-to-revoke counts from here)
  std::chrono::steady_clock::duration elapsed{};
  [[nodiscard]] std::string summary() const;   // the closing line of a run
  // After guard_withheld: what fired and what fixes that (the first removal guard's reason), for the run's last line.
  [[nodiscard]] std::string withheld_hint() const;
};

class Reconciler {
 public:
  // Throws what the transport throws for a bad base_url or CA file.
  Reconciler(const boost::asio::any_io_executor& executor, const config::Config& config, const secret::ApiKey& key);

  // Runs one cycle, writing the plan (and, when applying, the outcome) to `out`.
  boost::asio::awaitable<CycleResult> run_cycle(const CycleOptions& options, std::ostream& out);

  // From a signal: stop taking new operations and drop queued requests; in-flight ones finish. A source read in
  // progress (on its worker thread) ends within moments, and the cycle with it.
  void stop();
  [[nodiscard]] bool stopping() const { return stopping_; }
  // The cycle passed its deadline (cycle_deadline.hpp): like stop(), but for this cycle only.
  void cancel_cycle();
  [[nodiscard]] schedule::SchedulerStats scheduler_stats() const { return omni_.scheduler().stats(); }

 private:
  boost::asio::awaitable<CycleResult> run_stages(const CycleOptions& options, std::ostream& out);
  // Empty when the cycle may be incremental; else why it must be full.
  std::string choose_full_reason(const CycleOptions& options);
  // sync --dry-run --plan-out FILE: the plan as a reviewed plan file; says where it went on `out` (text) or stderr.
  void save_plan_file(const CycleOptions& options, const CycleResult& result, const guard::GuardPolicy& guards,
                      std::ostream& out);
  // After an apply: keep the cache (in memory and in state_dir) or mark it for a full reconcile.
  void settle_cache(const apply::ApplyReport& report);
  boost::asio::awaitable<void> watch_deadline(std::shared_ptr<const bool> cycle_ended);
  // Stopped for good, or this cycle cut short: start nothing new.
  [[nodiscard]] bool halted() const { return stopping_ || cycle_cancelled_; }

  boost::asio::any_io_executor executor_;
  const config::Config& config_;
  omni::OmniSession omni_;
  apply::Applier* applier_ = nullptr;   // the one applying now, so stop() can reach it
  std::optional<cache::RemoteCache> cache_;
  std::string cache_distrusted_;         // why the cache needs a full reconcile before its next use
  std::optional<omni::WhoAmI> who_;      // from this process's last whoami
  bool key_checked_ = false;
  bool stopping_ = false;
  bool cycle_cancelled_ = false;         // this cycle passed its deadline
  CycleDeadline deadline_;
  boost::asio::steady_timer deadline_timer_;
  // Tripped by stop() or cancel_cycle(); the source read looks at it (SourceOptions::stop). A new one each cycle.
  std::stop_source read_stop_;
};

}  // namespace oss::sync
