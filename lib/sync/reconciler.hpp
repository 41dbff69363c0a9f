#pragma once
// One cycle of the pipeline: verify the key -> read the source -> list Omni's users -> plan -> guard ->
// (apply). The one-shot `sync` command runs one cycle; the daemon runs one per interval with the same object,
// so the scheduler's quota window carries over from one cycle to the next.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "apply/applier.hpp"
#include "config/config.hpp"
#include "config/secret.hpp"
#include "omni/omni_session.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"

namespace oss::sync {

enum class OutputFormat { text, json };

struct CycleOptions {
  bool dry_run = false;
  std::optional<std::size_t> allow_deletes;   // --allow-deletes N, for this run only
  OutputFormat output = OutputFormat::text;
  bool terminal = false;                      // stderr is a terminal: draw a progress line
};

// Why a cycle ended; the CLI maps it to an exit status.
enum class CycleOutcome {
  in_step,           // nothing to do, or everything applied
  changes_pending,   // dry run with changes
  guard_withheld,    // a safety guard withheld removals
  some_failed,       // some operations failed
  key_refused,       // PAT / 401 / 403: fix the configuration
  source_failed,     // the source could not be read: nothing sent
  omni_failed,       // Omni could not be listed or reached: nothing sent
  interrupted,       // stopped by a signal
};

struct CycleResult {
  CycleOutcome outcome = CycleOutcome::in_step;
  std::string message;              // the reason, for failures
  plan::Plan plan;                  // after guards
  std::optional<plan::GroupPlan> groups;   // after guards; only with sync.groups.enabled
  apply::ApplyReport report;
  std::size_t source_records = 0;
  std::size_t remote_users = 0;
  std::uint64_t requests = 0;       // sent in this cycle, retries included
  std::uint64_t rate_limited = 0;   // 429s met in this cycle
  std::chrono::steady_clock::duration elapsed{};
  [[nodiscard]] std::string summary() const;   // the closing line of a run
};

class Reconciler {
 public:
  // Throws what the transport throws for a bad base_url or CA file.
  Reconciler(const boost::asio::any_io_executor& executor, const config::Config& config, const config::ApiKey& key);

  // Runs one cycle, writing the plan (and, when applying, the outcome) to `out`.
  boost::asio::awaitable<CycleResult> run_cycle(const CycleOptions& options, std::ostream& out);

  // From a signal: stop taking new operations and drop queued requests; in-flight ones finish.
  void stop();
  [[nodiscard]] bool stopping() const { return stopping_; }
  [[nodiscard]] schedule::SchedulerStats scheduler_stats() const { return omni_.scheduler().stats(); }

 private:
  boost::asio::awaitable<CycleResult> run_stages(const CycleOptions& options, std::ostream& out);

  boost::asio::any_io_executor executor_;
  const config::Config& config_;
  omni::OmniSession omni_;
  apply::Applier* applier_ = nullptr;   // the one applying now, so stop() can reach it
  bool stopping_ = false;
};

}  // namespace oss::sync
