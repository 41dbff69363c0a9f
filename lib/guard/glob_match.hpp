#pragma once
// Shell-style wildcards for `protect` patterns: `*` matches any run of characters (also none), `?` exactly one
// character (one UTF-8 code point, so `?` stands for "é" as it does for "e"). No classes, no escapes: userNames
// hold neither `*` nor `?` in practice. Case-sensitive: callers normalise both sides first.
#include <string_view>

namespace oss::guard {

bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace oss::guard
