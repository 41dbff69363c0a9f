#pragma once
// Reads a plan file back, refusing (PlanFileRejected, naming what does not match) one that is not a plan, was
// written by a later schema, or whose bytes no longer hash to the sha256 it carries.
#include <filesystem>

#include "planfile/plan_file.hpp"

namespace oss::planfile {

PlanFile read_plan_file(const std::filesystem::path& file);

// The same, from the bytes of a file (`where` names it in messages).
PlanFile parse_plan_file(std::string_view content, const std::string& where);

}  // namespace oss::planfile
