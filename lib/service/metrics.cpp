#include "service/metrics.hpp"

#include <iterator>
#include <set>
#include <string_view>
#include <variant>

#include "model/attribute_name.hpp"
#include "plan/plan_counts.hpp"
#include "service/cycle_outcome.hpp"
#include "service/prometheus_text.hpp"

namespace oss::service {

namespace {

using Type = PrometheusText::Type;

std::string name(std::string_view suffix) { return std::string(kMetricPrefix) + std::string(suffix); }

double unix_seconds(std::chrono::system_clock::time_point when) {
  return std::chrono::duration<double>(when.time_since_epoch()).count();
}

// From the first write of a cycle (about a second) to a leaver behind an initial load of 10,000 (about 3 hours).
constexpr double kRevokeBuckets[] = {1, 5, 15, 60, 300, 900, 3600, 10800};

std::string bound_text(double bound) { return format_sample_value(bound); }

}  // namespace

Metrics::Metrics() {
  // Every series exists from the start (at 0), so rate() and alerts see the first increment.
  for (auto outcome : kAllOutcomes) cycles_[outcome] = 0;
  for (const char* kind : {"full", "incremental"}) {
    cycles_by_kind_[kind] = 0;
    cycle_requests_[kind] = 0;
  }
  for (const char* kind : {"source", "gone"}) time_to_revoke_[kind].buckets.assign(std::size(kRevokeBuckets), 0);
  for (const char* op : {"create", "update", "deactivate", "delete"}) {
    planned_[op] = 0;
    applied_[op] = 0;
    failed_[op] = 0;
  }
}

void Metrics::record_cycle(const sync::CycleResult& result, std::chrono::system_clock::time_point finished) {
  ++cycles_[result.outcome];
  last_cycle_seconds_ = std::chrono::duration<double>(result.elapsed).count();
  const char* kind = sync::cycle_kind_name(result.kind);
  ++cycles_by_kind_[kind];
  cycle_requests_[kind] += result.requests;
  last_cycle_requests_ = result.requests;
  if (result.cache_listed_unix) cache_listed_unix_ = static_cast<double>(*result.cache_listed_unix);
  if (is_success(result.outcome)) last_success_unix_ = unix_seconds(finished);
  // Only cycles that got as far as a plan say anything about the users; a failed list keeps the last figures.
  if (is_success(result.outcome) || result.outcome == sync::CycleOutcome::some_failed ||
      result.outcome == sync::CycleOutcome::not_audited) {
    const auto counts = plan::count(result.plan);
    planned_["create"] = counts.create;
    planned_["update"] = counts.update;
    planned_["deactivate"] = counts.deactivate;
    planned_["delete"] = counts.remove;
    withheld_ = counts.withheld;
    protected_users_ = counts.protected_users;
    source_records_ = result.source_records;
    remote_users_ = result.remote_users;
    record_grace(result.plan);
  }
  for (const auto& revocation : result.report.revocations) {
    Histogram& histogram = time_to_revoke_[revocation.from_source ? "source" : "gone"];
    const double seconds = std::chrono::duration<double>(revocation.accepted - result.started).count();
    for (std::size_t i = 0; i < std::size(kRevokeBuckets); ++i)
      if (seconds <= kRevokeBuckets[i]) ++histogram.buckets[i];
    ++histogram.count;
    histogram.sum += seconds;
  }
  for (const auto& [op, n] : result.report.applied) applied_[op] += n;
  for (const auto& [op, n] : result.report.failed) failed_[op] += n;
}

void Metrics::record_grace(const plan::Plan& plan) {
  // Those this cycle's plan deletes are no longer waiting; a delete that failed shows again next cycle.
  std::set<std::string_view> deleting;
  for (const plan::Operation& operation : plan.operations)
    if (std::holds_alternative<plan::Delete>(operation)) deleting.insert(plan::op_id(operation));
  in_grace_ = 0;
  next_deletion_unix_.reset();
  for (const plan::GoneUser& gone : plan.gone) {
    if (deleting.contains(gone.id)) continue;
    ++in_grace_;
    const double due = unix_seconds(gone.delete_on);
    if (!next_deletion_unix_ || due < *next_deletion_unix_) next_deletion_unix_ = due;
  }
}

void Metrics::retire_scheduler(const schedule::SchedulerStats& stats) {
  for (const auto& [key, n] : stats.responses) retired_.responses[key] += n;
  retired_.started += stats.started;
  retired_.rate_limited += stats.rate_limited;
  retired_.retries += stats.retries;
}

void Metrics::record_reload(bool succeeded) { ++(succeeded ? reloads_ok_ : reloads_failed_); }

std::string Metrics::render(const schedule::SchedulerStats& scheduler, const HealthGauges& health) const {
  PrometheusText out;
  out.family(name("up"), "1 while the daemon's event loop runs", Type::gauge);
  out.sample(name("up"), 1);
  out.family(name("healthy"), "0 when a refused API key has stopped syncing (fix the key, then reload)", Type::gauge);
  out.sample(name("healthy"), health.healthy ? 1 : 0);
  out.family(name("ready"), "1 when a cycle succeeded within the last 3 intervals", Type::gauge);
  out.sample(name("ready"), health.ready ? 1 : 0);

  out.family(name("cycles_total"), "Cycles finished, by result", Type::counter);
  for (const auto& [outcome, n] : cycles_)
    out.sample(name("cycles_total"), {{"result", std::string(outcome_name(outcome))}}, static_cast<double>(n));
  out.sample(name("cycles_total"), {{"result", "error"}}, static_cast<double>(errors_));
  out.family(name("consecutive_failed_cycles"), "Failed cycles since the last success", Type::gauge);
  out.sample(name("consecutive_failed_cycles"), health.consecutive_failures);
  out.family(name("last_success_timestamp_seconds"), "Unix time the last successful cycle finished (0: none yet)",
             Type::gauge);
  out.sample(name("last_success_timestamp_seconds"), last_success_unix_.value_or(0));
  out.family(name("last_cycle_duration_seconds"), "How long the last cycle took", Type::gauge);
  out.sample(name("last_cycle_duration_seconds"), last_cycle_seconds_);

  out.family(name("cycles_by_kind_total"),
             "Cycles by kind: full (listed all of Omni) or incremental (planned against the remote cache)",
             Type::counter);
  for (const auto& [kind, n] : cycles_by_kind_)
    out.sample(name("cycles_by_kind_total"), {{"kind", kind}}, static_cast<double>(n));
  out.family(name("cycle_requests_total"), "Requests sent by cycles, by kind of cycle (divide by cycles_by_kind_total)",
             Type::counter);
  for (const auto& [kind, n] : cycle_requests_)
    out.sample(name("cycle_requests_total"), {{"kind", kind}}, static_cast<double>(n));
  out.family(name("last_cycle_requests"), "Requests the last cycle sent, retries included", Type::gauge);
  out.sample(name("last_cycle_requests"), static_cast<double>(last_cycle_requests_));
  out.family(name("remote_cache_age_seconds"),
             "Seconds since the full list the remote cache starts from was read (0: no cache yet)", Type::gauge);
  out.sample(name("remote_cache_age_seconds"),
             cache_listed_unix_ ? unix_seconds(std::chrono::system_clock::now()) - *cache_listed_unix_ : 0.0);

  out.family(name("planned_users"), "Users by planned operation in the last cycle that planned", Type::gauge);
  for (const auto& [op, n] : planned_) out.sample(name("planned_users"), {{"op", op}}, static_cast<double>(n));
  out.family(name("withheld_users"), "Operations withheld by a guard in the last cycle that planned", Type::gauge);
  out.sample(name("withheld_users"), static_cast<double>(withheld_));
  out.family(name("protected_users"), "Users left alone because they match sync.protect (not counted as withheld)",
             Type::gauge);
  out.sample(name("protected_users"), static_cast<double>(protected_users_));
  out.family(name("operations_applied_total"), "Operations Omni accepted, by op", Type::counter);
  for (const auto& [op, n] : applied_) out.sample(name("operations_applied_total"), {{"op", op}}, static_cast<double>(n));
  out.family(name("operations_failed_total"), "Operations that failed, by op", Type::counter);
  for (const auto& [op, n] : failed_) out.sample(name("operations_failed_total"), {{"op", op}}, static_cast<double>(n));
  out.family(name("source_records"), "Users read from the source in the last cycle that planned", Type::gauge);
  out.sample(name("source_records"), static_cast<double>(source_records_));
  out.family(name("remote_users"), "Users listed in Omni in the last cycle that planned", Type::gauge);
  out.sample(name("remote_users"), static_cast<double>(remote_users_));

  out.family(name("people_in_grace"),
             "People gone from the source and still at Omni, deactivated until deleted (deactivate_then_delete)",
             Type::gauge);
  out.sample(name("people_in_grace"), static_cast<double>(in_grace_));
  out.family(name("next_deletion_timestamp_seconds"),
             "Unix time of the earliest scheduled deletion of someone in grace (0: none)", Type::gauge);
  out.sample(name("next_deletion_timestamp_seconds"), next_deletion_unix_.value_or(0));
  out.family(name("time_to_revoke_seconds"),
             "Seconds from a cycle's start to Omni accepting a deactivation, by kind (source: marked inactive; gone)",
             Type::histogram);
  for (const auto& [kind, histogram] : time_to_revoke_) {
    const std::string bucket = name("time_to_revoke_seconds_bucket");
    for (std::size_t i = 0; i < std::size(kRevokeBuckets); ++i)
      out.sample(bucket, {{"kind", kind}, {"le", bound_text(kRevokeBuckets[i])}}, static_cast<double>(histogram.buckets[i]));
    out.sample(bucket, {{"kind", kind}, {"le", "+Inf"}}, static_cast<double>(histogram.count));
    out.sample(name("time_to_revoke_seconds_sum"), {{"kind", kind}}, histogram.sum);
    out.sample(name("time_to_revoke_seconds_count"), {{"kind", kind}}, static_cast<double>(histogram.count));
  }

  std::map<std::pair<std::string, int>, std::uint64_t> responses = retired_.responses;
  for (const auto& [key, n] : scheduler.responses) responses[key] += n;
  out.family(name("http_requests_total"), "Answers from Omni by method and status (status 0: no answer)",
             Type::counter);
  for (const auto& [key, n] : responses)
    out.sample(name("http_requests_total"), {{"method", key.first}, {"status", std::to_string(key.second)}},
               static_cast<double>(n));
  out.family(name("http_requests_started_total"), "Requests started, retries included (each counts against the quota)",
             Type::counter);
  out.sample(name("http_requests_started_total"), static_cast<double>(retired_.started + scheduler.started));
  out.family(name("rate_limited_total"), "429 answers from Omni", Type::counter);
  out.sample(name("rate_limited_total"), static_cast<double>(retired_.rate_limited + scheduler.rate_limited));
  out.family(name("retries_total"), "Requests retried after a 429, a 5xx or a network error", Type::counter);
  out.sample(name("retries_total"), static_cast<double>(retired_.retries + scheduler.retries));
  out.family(name("scheduler_queue_depth"), "Requests waiting for a slot in the rate limit", Type::gauge);
  out.sample(name("scheduler_queue_depth"), static_cast<double>(scheduler.queue_depth));
  out.family(name("requests_in_flight"), "Requests sent and not yet answered", Type::gauge);
  out.sample(name("requests_in_flight"), static_cast<double>(scheduler.in_flight));
  out.family(name("request_rate_per_minute"), "Requests started in the last rate window, scaled to a minute",
             Type::gauge);
  out.sample(name("request_rate_per_minute"), scheduler.achieved_per_minute);

  out.family(name("attribute_names"),
             "Attribute names held in memory (released between cycles once nothing refers to them)", Type::gauge);
  out.sample(name("attribute_names"), static_cast<double>(model::interned_attribute_names()));

  out.family(name("config_reloads_total"), "Configuration reloads (SIGHUP), by result", Type::counter);
  out.sample(name("config_reloads_total"), {{"result", "ok"}}, static_cast<double>(reloads_ok_));
  out.sample(name("config_reloads_total"), {{"result", "failed"}}, static_cast<double>(reloads_failed_));
  return out.text();
}

}  // namespace oss::service
