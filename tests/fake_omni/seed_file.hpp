#pragma once
// The users a fake-omni process starts with, from a JSON file:
//   [ {"userName": "a@b.co", "displayName": "A", "active": true, "attributes": {"region": "eu"},
//      "owner": true,   // this user created the organization key (whoami answers with its id)
//      "embed": true,   // an embed user (/api/scim/v2/embed/users), not a SCIM user
//      "id": "...", "lastLogin": "2024-01-03T00:00:00.000Z"}, ... ]
// Only userName and displayName are required. Errors name the file, the entry and the field.
#include <filesystem>
#include <vector>

#include "fake_omni.hpp"

namespace oss::fake_omni {

struct SeedEntry {
  SeedUser user;
  bool owner = false;
  bool embed = false;
};

std::vector<SeedEntry> load_seed_file(const std::filesystem::path& path);

}  // namespace oss::fake_omni
