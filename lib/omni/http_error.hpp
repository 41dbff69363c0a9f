#pragma once
// An HTTP answer that was not what the call needed, printed the same way everywhere:
//   POST /api/scim/v2/users: 409 Conflict: User with this email already exists
// Built from the method, the target and the response only: request headers (the API key) never get in.
#include <stdexcept>
#include <string>
#include <string_view>

namespace oss::omni {

struct HttpError : std::runtime_error {
  // `detail` comes from describe_error_body(body, content_type).
  HttpError(std::string method, std::string target, int status, std::string_view body, std::string_view content_type);
  HttpError(std::string method, std::string target, int status, std::string detail);

  int status;
  std::string method;
  std::string target;
  std::string detail;
};

// "409 Conflict", or just "599" for a status without a standard reason phrase.
std::string status_text(int status);

}  // namespace oss::omni
