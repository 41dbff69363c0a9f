#include "integration/ldap/people_ldif.hpp"

#include <fmt/format.h>

namespace oss::testing {

namespace {

std::string person_entry(std::size_t i, const std::string& ou) {
  std::string entry = fmt::format(
      "dn: uid=p{0:04},ou={1},dc=example,dc=com\nobjectClass: inetOrgPerson\nobjectClass: ossTestAccount\n"
      "uid: p{0:04}\ncn: Person {0}\nsn: P{0}\nmail: {2}\ndepartmentNumber: D{3}\n"
      "telephoneNumber: +1 555 {0:04}\ntelephoneNumber: +1 555 9{0:04}\nuserAccountControl: {4}\n",
      i, ou, person_mail(i), i % 7, is_disabled(i) ? 514 : 512);
  if (is_locked(i)) entry += "pwdAccountLockedTime: 20260101000000Z\n";
  entry += fmt::format("memberOf: cn={},ou=groups,dc=example,dc=com\n", team_of(i));
  if (i % 2 == 0) entry += "memberOf: cn=Even\\2C numbered,ou=groups,dc=example,dc=com\n";
  return entry + "\n";
}

}  // namespace

std::string person_mail(std::size_t person) { return fmt::format("p{:04}@example.com", person); }

std::string people_ldif(std::size_t people) {
  std::string ldif =
      "dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n"
      "dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n\n"
      "dn: ou=services,dc=example,dc=com\nobjectClass: organizationalUnit\nou: services\n\n";
  for (const char* account : {"omni-sync", "limited"})
    ldif += fmt::format("dn: cn={0},ou=services,dc=example,dc=com\nobjectClass: person\ncn: {0}\nsn: {0}\n"
                        "userPassword: sync-secret-7d1e\n\n",
                        account);
  for (std::size_t i = 0; i < people; ++i) ldif += person_entry(i, "people");
  return ldif;
}

std::string odd_entries_ldif() {
  return "dn: ou=odd,dc=example,dc=com\nobjectClass: organizationalUnit\nou: odd\n\n"
         "dn: uid=nomail,ou=odd,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: nomail\ncn: No Mail\nsn: M\n\n"
         // jpegPhoto is binary: the first bytes of a JPEG file.
         "dn: uid=photo,ou=odd,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: photo\ncn: Photo\nsn: P\n"
         "mail: photo@example.com\njpegPhoto:: /9j/4AAQSkZJRgABAQ==\n\n"
         "dn: uid=twomails,ou=odd,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: twomails\ncn: Two\nsn: T\n"
         "mail: one@example.com\nmail: two@example.com\n\n" +
         person_entry(9001, "odd") +
         "dn: ou=partial,dc=example,dc=com\nobjectClass: organizationalUnit\nou: partial\n\n" +
         person_entry(9002, "partial") + person_entry(9003, "partial") +
         "dn: ou=elsewhere,ou=partial,dc=example,dc=com\nobjectClass: referral\nobjectClass: extensibleObject\n"
         "ou: elsewhere\nref: ldap://ldap.elsewhere.example.com/ou=elsewhere,dc=example,dc=com\n\n";
}

}  // namespace oss::testing
