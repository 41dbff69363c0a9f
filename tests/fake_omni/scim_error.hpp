#pragma once
// The error a SCIM handler raises: an HTTP status, the RFC 7644 scimType (may be empty) and a detail text.
#include <stdexcept>
#include <string>

namespace oss::fake_omni {

class ScimError : public std::runtime_error {
 public:
  ScimError(unsigned status, std::string scim_type, const std::string& detail)
      : std::runtime_error(detail), status_(status), scim_type_(std::move(scim_type)) {}
  [[nodiscard]] unsigned status() const { return status_; }
  [[nodiscard]] const std::string& scim_type() const { return scim_type_; }

 private:
  unsigned status_;
  std::string scim_type_;
};

inline ScimError bad_request(const std::string& scim_type, const std::string& detail) {
  return {400, scim_type, detail};
}

}  // namespace oss::fake_omni
