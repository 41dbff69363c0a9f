#pragma once
// The answers' bodies. Like the real service, the fake mixes error shapes (see README.md):
//   SCIM error JSON       400, 404 (unknown user), 409                application/scim+json
//   {"error","message"}   401, 403, 404 (unknown route), 405, 415, 429 application/json
//   plain text            injected 5xx                               text/plain
//   HTML                  404 from /whoami when it is switched off   text/html
#include <boost/json/value.hpp>
#include <string>

#include "http_types.hpp"

namespace oss::fake_omni {

Response json_response(unsigned status, const boost::json::value& body,
                       const char* content_type = "application/scim+json");
Response scim_error_response(unsigned status, const std::string& scim_type, const std::string& detail);
Response generic_error_response(unsigned status, const std::string& message);
Response plain_text_response(unsigned status, const std::string& text);
Response html_response(unsigned status, const std::string& html);

}  // namespace oss::fake_omni
