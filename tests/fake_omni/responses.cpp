#include "responses.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/serialize.hpp>

namespace oss::fake_omni {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

Response make(unsigned status, const char* content_type, std::string body) {
  Response response{static_cast<http::status>(status), 11};
  response.set(http::field::server, "fake-omni");
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  return response;
}

}  // namespace

Response json_response(unsigned status, const json::value& body, const char* content_type) {
  return make(status, content_type, json::serialize(body));
}

Response scim_error_response(unsigned status, const std::string& scim_type, const std::string& detail) {
  json::object body{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:Error"}},
                    {"status", std::to_string(status)},
                    {"detail", detail}};
  if (!scim_type.empty()) body["scimType"] = scim_type;
  return json_response(status, body);
}

Response generic_error_response(unsigned status, const std::string& message) {
  std::string reason(http::obsolete_reason(static_cast<http::status>(status)));
  return json_response(status, json::object{{"error", reason}, {"message", message}}, "application/json");
}

Response plain_text_response(unsigned status, const std::string& text) {
  return make(status, "text/plain; charset=utf-8", text);
}

Response html_response(unsigned status, const std::string& html) {
  return make(status, "text/html; charset=utf-8", html);
}

}  // namespace oss::fake_omni
