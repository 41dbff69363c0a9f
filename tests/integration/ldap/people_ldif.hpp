#pragma once
// The test directory as LDIF: the suffix, two service accounts and N people under ou=people, generated so that
// each test can compute what it expects from a person's number.
#include <cstddef>
#include <string>

namespace oss::testing {

// Person i: uid=p<i, 4 digits>,ou=people,dc=example,dc=com, mail p<i>@example.com, cn "Person <i>",
// departmentNumber "D<i % 7>", two telephoneNumber values, userAccountControl 514 (disabled) for every 10th
// person and 512 otherwise, pwdAccountLockedTime for every 25th.
std::string people_ldif(std::size_t people);
[[nodiscard]] inline bool is_disabled(std::size_t person) { return person % 10 == 0; }
[[nodiscard]] inline bool is_locked(std::size_t person) { return person % 25 == 0; }
std::string person_mail(std::size_t person);
// memberOf: cn=<team_of(i)>,ou=groups,dc=example,dc=com, and for even i also "cn=Even\2C numbered,..."
// (the group "Even, numbered": an escaped comma in a DN).
[[nodiscard]] inline std::string team_of(std::size_t person) { return "Team" + std::to_string(person % 3); }

// ou=odd: entries a source must report rather than read (no mail, a binary photo, two mails) next to one valid
// person; and ou=partial: two people and a referral to another server.
std::string odd_entries_ldif();

}  // namespace oss::testing
