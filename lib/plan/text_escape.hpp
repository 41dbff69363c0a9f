#pragma once
// Escaping for the plan's text output: names and values come from the source file and from Omni, and a
// displayName holding a newline or a terminal escape must not be able to forge or hide lines of the plan.
#include <string>
#include <string_view>

namespace oss::plan {

// `"..."` with backslash, double quote and control characters escaped (\n, \r, \t, \xHH).
std::string quoted(std::string_view text);

// The text as is, except control characters (\n, \r, \t, \xHH): for unquoted userNames and reasons.
std::string without_controls(std::string_view text);

}  // namespace oss::plan
