#pragma once
// The apply stage: sends a guarded plan to Omni through the scheduler, phase by phase as plan::apply_phase orders
// it: revocations the source asks for, then creates and updates, then removals of people gone from the source. One
// operation at a time per user, as many users in flight as the scheduler allows; one failed user never stops the
// others.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "apply/apply_observer.hpp"
#include "apply/audit_log.hpp"
#include "apply/group_batches.hpp"
#include "apply/progress.hpp"
#include "omni/group_client.hpp"
#include "omni/scim_client.hpp"
#include "plan/group_plan.hpp"
#include "plan/plan.hpp"

namespace oss::apply {

struct ApplyReport {
  std::map<std::string, std::size_t> applied;  // by op
  std::map<std::string, std::size_t> failed;   // by op
  std::size_t adopted = 0;                      // creates that met an existing user (409) and adopted it
  std::size_t gone = 0;                         // updates/removals of users deleted meanwhile (404)
  std::size_t looked_up = 0;                    // lookups by userName after a 404 (incremental cycles)
  std::size_t not_started = 0;                  // left when the run was stopped
  std::vector<std::string> failures;            // "create a@b.co: POST ...: 400 Bad Request: ..."
  // The first kAppliedSample user operations Omni accepted, for the daemon's log (the audit log has every one).
  static constexpr std::size_t kAppliedSample = 20;
  std::vector<plan::Operation> applied_sample;
  // Writes Omni accepted (counted in `applied`) whose audit line could not be written: "create a@b.co". The apply
  // stopped at the first one; `audit_failure` says why.
  std::vector<std::string> unaudited;
  std::string audit_failure;
  // Each deactivation Omni accepted and when, for the time-to-revoke histogram.
  struct Revocation {
    bool from_source = false;   // the source marked the person inactive (else: gone from the source)
    std::chrono::steady_clock::time_point accepted;
  };
  std::vector<Revocation> revocations;
  bool key_refused = false;                     // 401/403: stopped sending at once
  std::string key_refused_message;
  [[nodiscard]] std::size_t applied_total() const;
  [[nodiscard]] std::size_t failed_total() const;
};

class Applier {
 public:
  // `audit` and `progress` may be null. `policy` re-plans a user adopted after a 409.
  Applier(const boost::asio::any_io_executor& executor, omni::ScimClient& client, plan::Policy policy,
          std::size_t concurrency, AuditLog* audit, Progress* progress);

  // `groups` (may be null) is applied after every user operation ended: its members created in this run get
  // their ids from those creates (group_applier.cpp).
  boost::asio::awaitable<ApplyReport> apply(const plan::Plan& plan, const plan::GroupPlan* groups = nullptr);

  // Told of every write Omni accepted (may be null).
  void observe(ApplyObserver* observer) { observer_ = observer; }

  // For a plan made against the remote cache rather than a fresh list: a 404 on a user's id means the record
  // changed behind the cache (deleted by hand, perhaps made again), so the user is looked up by userName and
  // planned again against what Omni says, with `desired` giving the source's record (null: not in the source).
  // Without it a 404 means "already gone": the plan was made from a list read moments before.
  using DesiredLookup = std::function<const model::User*(const std::string& user_name)>;
  void look_up_when_gone(DesiredLookup desired) { desired_ = std::move(desired); }

  // Stop taking new operations; those in flight finish.
  void stop() { stopping_ = true; }
  [[nodiscard]] bool stopping() const { return stopping_; }

 private:
  boost::asio::awaitable<void> run_phase(std::span<const plan::Operation> operations);
  boost::asio::awaitable<void> apply_one(const plan::Operation& operation);
  // Awaits `work` and reports its outcome on `op` `subject` (a userName or a group): nullopt when it never started
  // (stopped), "" when it went through, else the failure, already counted and logged. A refused key stops the run.
  boost::asio::awaitable<std::optional<std::string>> run_reported(const char* op, const std::string& subject,
                                                                  boost::asio::awaitable<void> work);
  // `may_look_up`: a 404 may lead to a lookup (not for the follow-ups of one, so it cannot repeat).
  boost::asio::awaitable<void> send(const plan::Operation& operation, bool may_look_up = true);
  // Plans `desired` against what Omni just showed (`remote`) and sends the result. Removals of people the source
  // no longer lists wait for the next cycle: they were guarded against the whole plan, not against this record.
  boost::asio::awaitable<std::size_t> send_replanned(std::span<const model::User> desired,
                                                     std::span<const model::RemoteUser> remote);
  boost::asio::awaitable<void> look_up_gone(const plan::Operation& operation);
  void record(const plan::Operation& operation, const std::string& id, int status, const std::string& outcome,
              const std::string& error = {});
  // The audit log failed: what Omni did is reported as applied but not audited, and nothing more is sent.
  void stop_unaudited(const std::string& what, const AuditWriteFailed& error);
  // Keeps the first audit failure's text and stops the apply.
  void keep_audit_failure(const AuditWriteFailed& error);
  // Writes the audit line of a failed call; if that line cannot be written, stops the apply.
  void record_failure_line(const std::function<void()>& write_line);

  // Groups (group_applier.cpp): one group at a time, its calls in order.
  boost::asio::awaitable<void> apply_groups(const plan::GroupPlan& plan);
  boost::asio::awaitable<void> send_group(const plan::GroupOperation& operation);
  // The members' ids: known ones as planned, users created in this run from created_ids_; the others are
  // reported and left out.
  std::vector<std::string> resolve(const plan::GroupOperation& operation, const std::vector<plan::MemberRef>& members);
  boost::asio::awaitable<int> send_group_patches(const plan::GroupOperation& operation, const std::string& id,
                                                 const std::vector<GroupPatchCall>& calls);
  void record_group(const plan::GroupOperation& operation, const std::string& id, std::vector<std::string> fields,
                    int status, const std::string& outcome, const std::string& error = {});

  boost::asio::any_io_executor executor_;
  omni::ScimClient& client_;
  plan::Policy policy_;
  std::size_t concurrency_;
  AuditLog* audit_;
  Progress* progress_;
  ApplyObserver* observer_ = nullptr;
  DesiredLookup desired_;
  bool stopping_ = false;
  void count_applied(const plan::Operation& operation);
  ApplyReport report_;
  std::map<std::string, std::string> created_ids_;   // normalised userName -> id, for users created (or adopted) now
};

}  // namespace oss::apply
