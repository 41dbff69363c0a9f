#pragma once
// The daemon's counters and gauges, and their rendering as Prometheus text for GET /metrics.
// Counters only grow over the process's life: when a reload replaces the reconciler (and with it the
// scheduler whose statistics restart from zero), the old scheduler's totals are kept as a base.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schedule/rate_scheduler.hpp"
#include "sync/reconciler.hpp"

namespace oss::service {

inline constexpr const char* kMetricPrefix = "omni_scim_sync_";

struct HealthGauges {
  bool healthy = true;
  bool ready = false;
  int consecutive_failures = 0;
};

class Metrics {
 public:
  Metrics();

  void record_cycle(const sync::CycleResult& result, std::chrono::system_clock::time_point finished);
  // A cycle that threw instead of returning an outcome: counted as result="error".
  void record_error() { ++errors_; }
  // The scheduler about to be replaced: its totals become part of the base.
  void retire_scheduler(const schedule::SchedulerStats& stats);
  void record_reload(bool succeeded);

  // `scheduler` is the live scheduler's statistics.
  [[nodiscard]] std::string render(const schedule::SchedulerStats& scheduler, const HealthGauges& health) const;

 private:
  void record_grace(const plan::Plan& plan);

  std::map<sync::CycleOutcome, std::uint64_t> cycles_;
  std::uint64_t errors_ = 0;
  std::optional<double> last_success_unix_;
  double last_cycle_seconds_ = 0;
  std::map<std::string, std::uint64_t> cycles_by_kind_;   // "full", "incremental"
  std::map<std::string, std::uint64_t> cycle_requests_;   // by kind
  std::uint64_t last_cycle_requests_ = 0;
  std::optional<double> cache_listed_unix_;
  std::map<std::string, std::size_t> planned_;   // by op, from the last cycle that planned
  std::size_t withheld_ = 0;
  std::size_t protected_users_ = 0;
  std::map<std::string, std::uint64_t> applied_;  // by op
  std::map<std::string, std::uint64_t> failed_;   // by op
  std::size_t source_records_ = 0;
  std::size_t remote_users_ = 0;
  // deactivate_then_delete: people gone from the source still at Omni, and the earliest day one of them is due for
  // deletion (an overdue one, withheld by a guard, shows as a day in the past).
  std::size_t in_grace_ = 0;
  std::optional<double> next_deletion_unix_;
  // Seconds from a cycle's start to a deactivation's 2xx, by kind ("source": marked inactive; "gone").
  struct Histogram {
    std::vector<std::uint64_t> buckets;   // cumulative counts, one per kRevokeBuckets bound
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::map<std::string, Histogram> time_to_revoke_;
  std::uint64_t reloads_ok_ = 0;
  std::uint64_t reloads_failed_ = 0;
  schedule::SchedulerStats retired_;   // only the counters (responses, started, rate_limited, retries) are used
};

}  // namespace oss::service
