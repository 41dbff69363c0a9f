#pragma once
// What an error answer says, whatever shape it came in.
#include <string>
#include <string_view>

namespace oss::omni {

// One readable line (at most about 200 bytes) from an error body:
//   SCIM error {"schemas":[...Error],"status":"409","detail":"..."}  -> the detail
//   Omni's generic {"error":"...","message":"..."}                   -> "error: message"
//   other JSON                                                       -> the compact JSON, cut short
//   anything else (text/plain, a proxy's HTML page)                  -> the text, tags stripped
// An empty body gives an empty string. The content type is only a hint: proxies mislabel their pages.
std::string describe_error_body(std::string_view body, std::string_view content_type);

}  // namespace oss::omni
