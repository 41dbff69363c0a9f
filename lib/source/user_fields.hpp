#pragma once
// The rules for a user's fields that every source format shares, so a CSV row and a YAML record accept and
// reject the same values with the same words.
#include <optional>
#include <string>
#include <string_view>

namespace oss::source {

// The record keys (CSV headers by default) of a user; attributes are `attributes.<reference>` in CSV.
inline constexpr std::string_view kUserNameKey = "userName";
inline constexpr std::string_view kDisplayNameKey = "displayName";
inline constexpr std::string_view kActiveKey = "active";
inline constexpr std::string_view kAttributesKey = "attributes";
inline constexpr std::string_view kGroupsKey = "groups";
inline constexpr std::string_view kAttributePrefix = "attributes.";

// How messages name the built-in active words (see active_words.hpp).
inline constexpr std::string_view kActiveExpected = "expected true/false, yes/no or 1/0";

// The user name trimmed; nullopt when it does not look like an email address.
std::optional<std::string_view> checked_user_name(std::string_view text);

// Omni requires a displayName. A record that leaves it empty gets the part of the email before '@'
// ("ada.lovelace" for ada.lovelace@example.com): recognisable in Omni's user list, and replaced as soon as the
// source provides a real name.
std::string display_name_or_default(std::string_view display_name, std::string_view user_name);

// `"text"` for messages, escaped like the plan (model::quoted) and cut to a readable length.
std::string quoted_excerpt(std::string_view text);

}  // namespace oss::source
