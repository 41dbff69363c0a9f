#pragma once
// `omni-scim-sync apply FILE` (issue 17): sends exactly the operations of a reviewed plan file, and only when
// everything checks out:
//   1. the file: its sha256, its schema, the instance it was made for, its age (--max-age);
//   2. the key: whoami must name the user whose key made the plan;
//   3. every user the plan touches must still be as it was planned at Omni (targeted GETs or one full list,
//      whichever costs fewer requests). A record already in its operation's end state counts as done (a run
//      killed midway completes on the next apply); any other change makes the plan stale, and a stale plan is
//      refused whole (exit 4) unless --skip-stale, which sends the rest.
// The source is not read: what was reviewed is what goes. Removals go without --allow-deletes (a person reviewed
// them); what the plan withheld stays withheld. The audit log names the plan's sha256 on every line. Group
// operations are judged against one list of Omni's groups and sent after the users, as `sync` sends them.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "apply/applier.hpp"
#include "config/config.hpp"
#include "secret/secret.hpp"
#include "omni/omni_session.hpp"

namespace oss::sync {

struct ReviewedApplyOptions {
  std::filesystem::path file;
  std::chrono::seconds max_age{std::chrono::hours(24)};
  bool skip_stale = false;
};

enum class ReviewedOutcome {
  applied,       // everything sent went through (or there was nothing left to send)
  some_failed,   // some operations failed
  not_audited,   // a write's audit line could not be written: the apply stopped
  stale,         // records changed since the plan (refused whole), or the plan is older than --max-age
  rejected,      // not a plan to apply here: edited, another schema, instance or key owner (EX_DATAERR)
  key_refused,
  omni_failed,
  interrupted,
};

struct ReviewedResult {
  ReviewedOutcome outcome = ReviewedOutcome::applied;
  std::string message;
  std::size_t done = 0;           // operations already in their end state
  std::size_t stale_skipped = 0;  // with --skip-stale
  apply::ApplyReport report;
  std::uint64_t requests = 0;
};

class ReviewedApply {
 public:
  ReviewedApply(const boost::asio::any_io_executor& executor, const config::Config& config, const secret::ApiKey& key);

  boost::asio::awaitable<ReviewedResult> run(const ReviewedApplyOptions& options, std::ostream& out);

  // From a signal: start nothing new; requests in flight finish.
  void stop();

 private:
  boost::asio::awaitable<ReviewedResult> checked_run(const ReviewedApplyOptions& options, std::ostream& out);

  boost::asio::any_io_executor executor_;
  const config::Config& config_;
  omni::OmniSession omni_;
  apply::Applier* applier_ = nullptr;
  bool stopping_ = false;
};

}  // namespace oss::sync
