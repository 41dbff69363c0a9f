#pragma once
// "did you mean max_deletes?": the known key nearest to a misspelt one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oss::config {

// Levenshtein distance (insertions, deletions, substitutions), ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known key closest to `typed`, if it is close enough to be a plausible typo: at most 2 edits, and fewer
// edits than a third of the longer word (so "id" is not "fixed" into "in").
std::optional<std::string> closest_key(std::string_view typed, const std::vector<std::string>& known);

}  // namespace oss::config
