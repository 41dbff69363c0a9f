#include "source/ldap/ldap_entry_mapping.hpp"

#include <ldap.h>

#include "source/group_names.hpp"
#include "source/text_check.hpp"
#include "source/user_fields.hpp"

namespace oss::source {

namespace {

// Collects the entry's errors, each naming the DN, the user field and the LDAP attribute it came from.
class EntryReader {
 public:
  EntryReader(const LdapEntry& entry, RecordFields& fields) : entry_(entry), fields_(fields) {}

  // The values of `attribute` when every one is clean text; nullptr (and an error if unclean) otherwise.
  const std::vector<std::string>* text_values(std::string_view field, const std::string& attribute) {
    const auto* values = entry_.find(attribute);
    if (values == nullptr || values->empty()) return nullptr;
    for (std::size_t i = 0; i < values->size(); ++i)
      if (const auto issue = find_text_issue((*values)[i])) {
        const std::string which = values->size() > 1 ? " (value " + std::to_string(i + 1) + ")" : "";
        fail(field, "attribute \"" + attribute + "\"" + which + " is not text: " + describe(*issue) +
                        " (a binary value cannot be sent to Omni)");
        return nullptr;
      }
    return values;
  }

  void fail(std::string_view field, std::string message) {
    fields_.errors.push_back({entry_.dn, 0, std::string(field), std::move(message)});
  }

  [[nodiscard]] const LdapEntry& entry() const { return entry_; }

 private:
  const LdapEntry& entry_;
  RecordFields& fields_;
};

void read_user_name(EntryReader& reader, const std::string& attribute, RecordFields& fields) {
  const auto* raw = reader.entry().find(attribute);
  if (raw == nullptr || raw->empty()) {
    reader.fail(kUserNameKey, "the entry has no \"" + attribute + "\" attribute (attribute_map.userName)");
    return;
  }
  const auto* values = reader.text_values(kUserNameKey, attribute);
  if (values == nullptr) return;
  if (values->size() > 1) {
    reader.fail(kUserNameKey, "attribute \"" + attribute + "\" has " + std::to_string(values->size()) +
                                  " values; the userName must be exactly one");
    return;
  }
  fields.user_name = values->front();
}

void read_active(EntryReader& reader, const ActiveRule& rule, RecordFields& fields) {
  if (rule.kind == ActiveRule::Kind::always) return;
  const bool reads_value = rule.kind != ActiveRule::Kind::present && rule.kind != ActiveRule::Kind::absent;
  const auto* values = reader.entry().find(rule.attribute);
  if (reads_value && values != nullptr && !values->empty()) {
    values = reader.text_values(kActiveKey, rule.attribute);
    if (values == nullptr) return;  // not text: already reported
  }
  const auto active = evaluate_active_rule(rule, values);
  if (const auto* problem = std::get_if<std::string>(&active))
    reader.fail(kActiveKey, *problem);
  else
    fields.active = std::get<bool>(active);
}

// "cn=Engineering,ou=groups,dc=example,dc=com" -> "Engineering" (escapes undone by libldap's DN parser);
// a value that is not a DN is returned as it is.
std::string group_name_of(const std::string& value) {
  LDAPDN dn = nullptr;
  if (ldap_str2dn(value.c_str(), &dn, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS || dn == nullptr) return value;
  std::string name = value;
  if (dn[0] != nullptr && dn[0][0] != nullptr) name.assign(dn[0][0]->la_value.bv_val, dn[0][0]->la_value.bv_len);
  ldap_dnfree(dn);
  return name;
}

void read_groups(EntryReader& reader, const std::string& attribute, RecordFields& fields) {
  if (attribute.empty()) return;
  const auto* values = reader.text_values(kGroupsKey, attribute);
  if (values == nullptr) return;
  for (const std::string& value : *values) add_group_name(fields.groups, group_name_of(value));
}

}  // namespace

RecordFields map_ldap_entry(const LdapEntry& entry, const LdapAttributeMap& map) {
  RecordFields fields;
  EntryReader reader(entry, fields);
  read_user_name(reader, map.user_name, fields);
  if (const auto* names = reader.text_values(kDisplayNameKey, map.display_name)) fields.display_name = names->front();
  read_active(reader, map.active, fields);
  read_groups(reader, map.groups, fields);
  for (const auto& [reference, attribute] : map.attributes) {
    const std::string field = std::string(kAttributePrefix) + reference;
    const auto* values = reader.text_values(field, attribute);
    if (values == nullptr) continue;
    if (values->size() == 1) {
      fields.attributes.set(reference, values->front());
      continue;
    }
    model::AttributeList list(values->begin(), values->end());
    fields.attributes.set(reference, std::move(list));
  }
  return fields;
}

}  // namespace oss::source
