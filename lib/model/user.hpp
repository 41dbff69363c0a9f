#pragma once
// The user as the organisation describes it (desired) and as Omni holds it (remote).
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute.hpp"
#include "model/group_names.hpp"

namespace oss::model {

struct User {
  std::string user_name;     // an email; the match key (see normalise_user_name)
  std::string display_name;
  bool active = true;
  Attributes attributes;
  // The source's group names (without sync.groups.prefix), in the source's order. Only read when group sync
  // is on; remote users leave it empty (their memberships are read from the groups).
  GroupNames groups;
  friend bool operator==(const User&, const User&) = default;
};

struct RemoteUser {
  std::string id;            // Omni's id (a UUID)
  User user;
  friend bool operator==(const RemoteUser&, const RemoteUser&) = default;
};

// The one place that defines when two userNames are the same person: surrounding white space trimmed,
// ASCII letters folded to lower case (emails are case-insensitive at Omni); other bytes, Unicode included,
// are kept exactly as given.
std::string normalise_user_name(std::string_view user_name);

// " \t\n\v\f\r"
constexpr bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Trims ASCII white space on both sides. Inline for the usual case, nothing to trim: it runs for every field of a
// source and for every userName the planner hashes or compares.
std::string_view trim_spaces(std::string_view text);
inline std::string_view trim(std::string_view text) {
  if (!text.empty() && !is_ascii_space(text.front()) && !is_ascii_space(text.back())) return text;
  return trim_spaces(text);
}

// A deliberately plain check (local@domain.tld, no spaces, no control or bidi characters): the source must not
// smuggle garbage into Omni, but real-world addresses (plus signs, Unicode) must pass.
bool looks_like_email(std::string_view text);

}  // namespace oss::model
