#pragma once
// `source.type: ldap`: the people of a directory server (OpenLDAP, Active Directory, ...), read whole with a
// paged search and mapped to users by source.attribute_map. A read that ends early (a size or time limit, a
// referral, a dropped connection) is recorded as an error of the read, under source.on_error like an unreadable
// record: `fail` fails the read, `skip` keeps what was read and marks the snapshot incomplete, so deletions are
// withheld either way, never computed from a short list.
#include <functional>

#include "source/source.hpp"

namespace oss::source {

class LdapSource final : public Source {
 public:
  // `after_page` is a test seam: it runs after each page with its number from 1.
  explicit LdapSource(SourceOptions options, std::function<void(int page)> after_page = {});
  snapshot::Snapshot read() override;

 private:
  SourceOptions options_;
  std::function<void(int)> after_page_;
};

}  // namespace oss::source
