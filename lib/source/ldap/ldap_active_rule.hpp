#pragma once
// `attribute_map.active` of an LDAP source: how an entry says whether the person may sign in. A directory has no
// common "active" attribute, so the rule names the attribute and how to read it:
//   true                              everyone read is active (the default; filter the disabled out instead)
//   absent(pwdAccountLockedTime)      active while the entry has no such attribute (OpenLDAP ppolicy lock)
//   present(employeeActive)           active while the entry has the attribute, whatever its value
//   bit_clear(userAccountControl, 2)  active while the integer value has none of the mask's bits set
//                                     (Active Directory: 2 = ACCOUNTDISABLE)
//   bit_set(flags, 16)                active while the value has every bit of the mask set
//   boolean(nsAccountActive)          the value read as true/false, yes/no or 1/0 (LDAP's TRUE/FALSE);
//                                     an absent attribute means active, as an empty CSV cell does
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace oss::source {

struct ActiveRule {
  enum class Kind { always, present, absent, bit_clear, bit_set, boolean };
  Kind kind = Kind::always;
  std::string attribute;     // empty for `always`
  std::uint64_t mask = 0;    // bit_clear and bit_set only
  friend bool operator==(const ActiveRule&, const ActiveRule&) = default;
};

// The grammar above, white space allowed around names and commas. Throws std::invalid_argument with a message
// that says what was expected.
ActiveRule parse_active_rule(std::string_view text);

// An entry's active flag under `rule`, given the values of rule.attribute (nullptr when the entry has none).
// A string instead of a flag when the values cannot be read that way (a bit rule on a missing or non-integer
// value): the entry cannot be placed, and guessing either way could lock someone out or let someone in.
std::variant<bool, std::string> evaluate_active_rule(const ActiveRule& rule, const std::vector<std::string>* values);

}  // namespace oss::source
