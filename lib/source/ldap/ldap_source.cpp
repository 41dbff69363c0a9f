#include "source/ldap/ldap_source.hpp"

#include "secret/secret.hpp"
#include "source/ldap/ldap_connection.hpp"
#include "source/ldap/ldap_entry_mapping.hpp"
#include "source/record_fields.hpp"
#include "source/snapshot_builder.hpp"

namespace oss::source {

LdapSource::LdapSource(SourceOptions options, std::function<void(int)> after_page)
    : options_(std::move(options)), after_page_(std::move(after_page)) {}

snapshot::Snapshot LdapSource::read() {
  const LdapOptions& ldap = options_.ldap;
  const std::string origin = ldap.url + "/" + ldap.base_dn;
  // Read at every cycle, so a rotated password is picked up without a restart.
  const secret::Secret password =
      secret::read_secret_file(ldap.bind_password_file, "the LDAP bind password", "source.bind_password_file");

  std::optional<LdapConnection> connection;
  try {
    connection.emplace(ldap, password.reveal());
  } catch (const LdapConnectError& error) {
    throw SourceFailure(snapshot::SourceError{ldap.url, 0, "", error.what()});
  }

  SnapshotBuilder builder(options_.on_error, origin, options_.stop);
  try {
    connection->search(
        [&](LdapEntry entry) {
          // Each entry is its own "file" for the builder, so errors and duplicates name its DN.
          builder.begin_file(entry.dn);
          add_record(map_ldap_entry(entry, ldap.attribute_map), entry.dn, 0, builder);
          return !builder.should_stop();
        },
        after_page_);
  } catch (const LdapSearchCutShort& error) {
    builder.reject(snapshot::SourceError{
        origin, 0, "", std::string(error.what()) + "; the read is incomplete, so no one is removed on its account"});
  }
  return builder.finish();
}

}  // namespace oss::source
