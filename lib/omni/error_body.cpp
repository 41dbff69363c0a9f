#include "omni/error_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "model/user.hpp"   // trim
#include "omni/body_text.hpp"

namespace oss::omni {

namespace json = boost::json;

namespace {

std::string_view string_member(const json::object& object, std::string_view key) {
  if (const auto* member = object.if_contains(key); member && member->is_string()) return member->get_string();
  return {};
}

std::string describe_json(const json::value& value) {
  if (const auto* object = value.if_object()) {
    // SCIM (RFC 7644 section 3.12): "detail" is the human-readable part.
    if (const auto detail = string_member(*object, "detail"); !detail.empty()) return readable_excerpt(detail);
    const auto error = string_member(*object, "error");
    const auto message = string_member(*object, "message");
    if (!error.empty() && !message.empty()) {
      std::string both(error);
      both += ": ";
      both += message;
      return readable_excerpt(both);
    }
    if (!message.empty()) return readable_excerpt(message);
    if (!error.empty()) return readable_excerpt(error);
  }
  return readable_excerpt(json::serialize(value));
}

bool looks_like_html(std::string_view body, std::string_view content_type) {
  std::string type(content_type);
  for (char& c : type)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return type.find("html") != std::string::npos || body.front() == '<';
}

}  // namespace

std::string describe_error_body(std::string_view body, std::string_view content_type) {
  const auto text = model::trim(body);
  if (text.empty()) return {};
  // Try JSON whatever the content type says; a failed parse of an error page costs microseconds.
  if (text.front() == '{' || text.front() == '[') {
    boost::system::error_code ec;
    const json::value value = json::parse(text, ec);
    if (!ec) return describe_json(value);
  }
  if (looks_like_html(text, content_type)) return readable_excerpt(strip_html_tags(text));
  return readable_excerpt(text);
}

}  // namespace oss::omni
