#pragma once
// Whether a failed name lookup is worth a retry: a name that does not exist (NXDOMAIN, no address) will not
// exist a second later, so retrying it only makes the admin wait; a resolver that timed out or failed for
// now (EAI_AGAIN and the like) may well answer the next time.
#include <boost/asio/error.hpp>

namespace oss::net {

inline bool is_temporary_resolve_failure(const boost::system::error_code& error) {
  return error != boost::asio::error::host_not_found && error != boost::asio::error::no_data;
}

}  // namespace oss::net
