#pragma once
// The P-local workload: N people in the source and N users at Omni, of which 1 % are new (source only), 1 % are
// gone (Omni only) and 1 % of the users in both differ in one field. Deterministic for a given N, so the C++
// bench and the Python baseline read the same files and must reach the same plan.
#include <cstddef>
#include <filesystem>
#include <vector>

#include "model/user.hpp"

namespace oss::bench {

struct WorkloadShape {
  std::size_t n = 0;
  [[nodiscard]] std::size_t one_percent() const { return n / 100; }
  // The plan the planner must produce (deprovision: delete).
  [[nodiscard]] std::size_t expected_creates() const { return one_percent(); }
  [[nodiscard]] std::size_t expected_updates() const { return one_percent(); }
  [[nodiscard]] std::size_t expected_deletes() const { return one_percent(); }
  [[nodiscard]] std::size_t expected_unchanged() const { return n - 2 * one_percent(); }
};

// The users at Omni, in a shuffled order (Omni lists by creation, which has nothing to do with names).
std::vector<model::RemoteUser> make_remote_users(const WorkloadShape& shape);

// Writes the source (userName,displayName,active,attributes.region,attributes.department; shuffled rows, some
// userNames in a different case than Omni holds them) and the same remote users as CSV for the Python baseline.
void write_source_csv(const WorkloadShape& shape, const std::filesystem::path& file);
void write_remote_csv(const std::vector<model::RemoteUser>& remote, const std::filesystem::path& file);

}  // namespace oss::bench
