#include "sync/grace_stage.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "model/utc_time.hpp"
#include "state/grace_clock_file.hpp"

namespace oss::sync {

std::optional<plan::GraceClock> load_grace_clock(const config::Config& config, std::chrono::sys_days today) {
  if (config.sync.policy.deprovision != plan::Deprovision::deactivate_then_delete) return std::nullopt;
  const state::LoadedGraceClock loaded = state::load_grace_clock(config.state_dir);
  if (!loaded.problem.empty())
    spdlog::warn("the grace clock cannot be trusted ({}): every grace period starts again today, {}; nobody gone from "
                 "the source is deleted before {}",
                 loaded.problem, model::format_day(today),
                 model::format_day(plan::deletion_day(today, config.sync.policy)));
  else if (!loaded.found)
    spdlog::info("no grace clock in {} yet (first run with deprovision: deactivate_then_delete, or the file was "
                 "lost): anyone gone from the source is counted from today, {}",
                 config.state_dir.string(), model::format_day(today));
  plan::GraceClock clock{today, {}};
  for (const state::MissedPerson& person : loaded.people) clock.first_missed.emplace(person.id, person.first_missed);
  return clock;
}

void keep_grace_clock(const config::Config& config, const plan::Plan& plan) {
  if (config.sync.policy.deprovision != plan::Deprovision::deactivate_then_delete) return;
  const bool source_doubted = std::any_of(plan.withheld.begin(), plan.withheld.end(), [](const plan::Withheld& withheld) {
    return withheld.kind == plan::WithheldKind::source_health;
  });
  if (source_doubted) {
    spdlog::warn("the grace clock is left as it was: the source looks unhealthy, so nobody's absence is counted");
    return;
  }
  std::vector<state::MissedPerson> people;
  people.reserve(plan.gone.size());
  for (const plan::GoneUser& gone : plan.gone) people.push_back({gone.id, gone.user_name, gone.first_missed});
  try {
    state::save_grace_clock(config.state_dir, people);
  } catch (const std::exception& error) {
    spdlog::error("cannot save the grace clock: {}", error.what());
  }
}

}  // namespace oss::sync
