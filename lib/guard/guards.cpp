#include "guard/guards.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <variant>
#include <vector>

#include "guard/glob_match.hpp"
#include "model/user.hpp"

namespace oss::guard {

namespace {

using plan::Operation;
using plan::WithheldKind;

struct Verdict {
  WithheldKind kind;
  std::string reason;
};

// Moves every operation `decide` returns a Verdict for into plan.withheld, keeping the order of both lists.
// In place: a second vector for the kept operations would double the plan's largest block (184 MB for a million
// creates) while both exist.
template <typename Decide>
void withhold(plan::Plan& plan, Decide decide) {
  auto kept_end = plan.operations.begin();
  for (auto operation = plan.operations.begin(); operation != plan.operations.end(); ++operation) {
    if (std::optional<Verdict> verdict = decide(std::as_const(*operation))) {
      plan.withheld.push_back({std::move(*operation), verdict->kind, std::move(verdict->reason)});
    } else {
      if (kept_end != operation) *kept_end = std::move(*operation);
      ++kept_end;
    }
  }
  plan.operations.erase(kept_end, plan.operations.end());
}

std::string number_text(double value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc{} ? std::string(buffer, end) : std::string("?");
}

bool is_deprovisioning(const Operation& operation) {
  if (std::holds_alternative<plan::Delete>(operation)) return true;
  const auto* deactivate = std::get_if<plan::Deactivate>(&operation);
  return deactivate != nullptr && !deactivate->from_source;
}

void protect_users(plan::Plan& plan, const GuardPolicy& policy) {
  if (policy.protect.empty()) return;
  std::vector<std::string> patterns;
  for (const std::string& pattern : policy.protect) patterns.push_back(model::normalise_user_name(pattern));
  withhold(plan, [&](const Operation& operation) -> std::optional<Verdict> {
    if (std::holds_alternative<plan::Create>(operation)) return std::nullopt;
    const std::string name = model::normalise_user_name(plan::op_user_name(operation));
    for (std::size_t i = 0; i < patterns.size(); ++i)
      if (glob_match(patterns[i], name))
        return Verdict{WithheldKind::protected_user, "matches protect pattern \"" + policy.protect[i] + "\""};
    return std::nullopt;
  });
}

void protect_own_user(plan::Plan& plan, const GuardContext& context) {
  if (!context.own_user_id || context.own_user_id->empty()) return;
  withhold(plan, [&](const Operation& operation) -> std::optional<Verdict> {
    if (!plan::removes_access(operation) || plan::op_id(operation) != *context.own_user_id) return std::nullopt;
    return Verdict{WithheldKind::own_user,
                   "this is the API key's own user (/whoami): the key stops working without it"};
  });
}

void check_source_health(plan::Plan& plan, const GuardPolicy& policy, const GuardContext& context) {
  const std::optional<std::string> problem = source_health_problem(policy, context);
  if (!problem) return;
  withhold(plan, [&](const Operation& operation) -> std::optional<Verdict> {
    if (!is_deprovisioning(operation)) return std::nullopt;
    return Verdict{WithheldKind::source_health, *problem};
  });
}

void limit_removals(plan::Plan& plan, const GuardPolicy& policy, const GuardContext& context) {
  const auto removals = static_cast<std::size_t>(
      std::count_if(plan.operations.begin(), plan.operations.end(), plan::removes_access));
  const std::optional<std::string> reason = removal_limit_problem(removals, context.remote_users, "remote users", policy);
  if (!reason) return;
  withhold(plan, [&](const Operation& operation) -> std::optional<Verdict> {
    if (!plan::removes_access(operation)) return std::nullopt;
    return Verdict{WithheldKind::delete_threshold, *reason};
  });
}

}  // namespace

std::optional<std::string> source_health_problem(const GuardPolicy& policy, const GuardContext& context) {
  if (context.source_records == 0)
    return std::string("the source has no records: a broken export is likelier than everyone leaving; "
                       "removals are withheld: fix the source (--allow-deletes does not override this)");
  if (!context.source_complete)
    return std::string("the source is incomplete (records were skipped, see the errors above); "
                       "removals are withheld until it reads cleanly: fix the source (--allow-deletes does not "
                       "override this)");
  if (policy.allow_deletes || !context.last_source_records) return std::nullopt;
  const std::size_t last = *context.last_source_records;
  const std::size_t now = context.source_records;
  if (now >= last) return std::nullopt;
  const double shrink_percent = 100.0 * static_cast<double>(last - now) / static_cast<double>(last);
  // (last - now) / last > p / 100, cross-multiplied so that a shrink of exactly max_delete_percent still passes.
  if (static_cast<double>(last - now) * 100.0 <= policy.max_delete_percent * static_cast<double>(last))
    return std::nullopt;
  return "the source shrank from " + std::to_string(last) + " to " + std::to_string(now) + " records (" +
         number_text(std::round(shrink_percent * 10) / 10) + "%, more than sync.max_delete_percent=" +
         number_text(policy.max_delete_percent) +
         "%) since the last successful run; removals are withheld. If the departures are real, run once with "
         "--allow-deletes N";
}

std::optional<std::string> removal_limit_problem(std::size_t removals, std::size_t total, std::string_view what,
                                                 const GuardPolicy& policy) {
  if (removals == 0) return std::nullopt;
  const std::string count = std::to_string(removals);
  if (policy.allow_deletes) {
    if (removals <= *policy.allow_deletes) return std::nullopt;
    return count + " removals exceed --allow-deletes " + std::to_string(*policy.allow_deletes) +
           "; run with --allow-deletes " + count + " to allow them";
  }
  const bool over_absolute = removals > policy.max_deletes;
  const bool over_percent =
      static_cast<double>(removals) * 100.0 > policy.max_delete_percent * static_cast<double>(total);
  if (!over_absolute && !over_percent) return std::nullopt;
  // Name the limit that was exceeded, and only the setting that would let these removals through.
  const std::string percent_text = "sync.max_delete_percent=" + number_text(policy.max_delete_percent) + "%";
  const std::string absolute_text = "sync.max_deletes=" + std::to_string(policy.max_deletes);
  std::string exceeded, raise;
  if (over_absolute && over_percent) {
    exceeded = absolute_text + " and " + percent_text;
    raise = "sync.max_deletes and sync.max_delete_percent";
  } else if (over_absolute) {
    exceeded = absolute_text;
    raise = "sync.max_deletes";
  } else {
    exceeded = percent_text;
    raise = "sync.max_delete_percent";
  }
  return count + " removals of " + std::to_string(total) + " " + std::string(what) + " exceed " + exceeded + "; raise " + raise + " or run once with --allow-deletes " + count;
}

plan::Plan apply_guards(plan::Plan plan, const GuardPolicy& policy, const GuardContext& context) {
  protect_users(plan, policy);
  protect_own_user(plan, context);
  check_source_health(plan, policy, context);
  limit_removals(plan, policy, context);
  return plan;
}

bool trips_guard(const plan::Plan& plan) {
  return std::any_of(plan.withheld.begin(), plan.withheld.end(), [](const plan::Withheld& withheld) {
    return plan::is_guard_trip(withheld.kind);
  });
}

}  // namespace oss::guard
