#include "omni/http_error.hpp"

// Boost 1.81's core::string_view (used by Beast) needs <ostream> and does not include it.
#include <ostream>

#include <boost/beast/http/status.hpp>

#include "omni/error_body.hpp"

namespace oss::omni {

namespace http = boost::beast::http;

std::string status_text(int status) {
  std::string text = std::to_string(status);
  if (status < 0) return text;
  const auto known = http::int_to_status(static_cast<unsigned>(status));
  if (known == http::status::unknown) return text;
  const auto reason = http::obsolete_reason(known);
  text += ' ';
  text.append(reason.data(), reason.size());
  return text;
}

namespace {
std::string compose(std::string_view method, std::string_view target, int status, std::string_view detail) {
  std::string text;
  text.append(method).append(" ").append(target).append(": ").append(status_text(status));
  if (!detail.empty()) text.append(": ").append(detail);
  return text;
}
}  // namespace

HttpError::HttpError(std::string method_, std::string target_, int status_, std::string detail_)
    : std::runtime_error(compose(method_, target_, status_, detail_)),
      status(status_),
      method(std::move(method_)),
      target(std::move(target_)),
      detail(std::move(detail_)) {}

HttpError::HttpError(std::string method_, std::string target_, int status_, std::string_view body,
                     std::string_view content_type)
    : HttpError(std::move(method_), std::move(target_), status_, describe_error_body(body, content_type)) {}

}  // namespace oss::omni
