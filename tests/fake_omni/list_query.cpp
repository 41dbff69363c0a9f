#include "list_query.hpp"

#include <boost/url/parse.hpp>
#include <strings.h>

#include <algorithm>
#include <charconv>

#include "scim_error.hpp"

namespace oss::fake_omni {
namespace http = boost::beast::http;
namespace {

long parse_integer(std::string_view name, std::string_view text) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw bad_request("invalidValue", std::string(name) + " must be an integer, got \"" + std::string(text) + "\"");
  return value;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

ListQuery parse_list_query(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) throw bad_request("invalidSyntax", "malformed request target");
  ListQuery query;
  for (const auto& param : url->params()) {
    if (::strcasecmp(param.key.c_str(), "startIndex") == 0) {
      query.start_index = parse_integer("startIndex", param.value);
    } else if (::strcasecmp(param.key.c_str(), "count") == 0) {
      query.count = parse_integer("count", param.value);
    } else if (::strcasecmp(param.key.c_str(), "filter") == 0) {
      query.filter = param.value;
    }
  }
  return query;
}

PageWindow page_window(const ListQuery& query, std::size_t max_page_size) {
  PageWindow window;
  window.start_index = static_cast<std::size_t>(std::max(query.start_index, 1L));
  window.first = window.start_index - 1;
  window.count = query.count ? static_cast<std::size_t>(std::max(*query.count, 0L)) : max_page_size;
  window.count = std::min(window.count, max_page_size);
  return window;
}

bool has_json_body(const Request& request) {
  std::string_view type = request[http::field::content_type];
  type = type.substr(0, type.find(';'));
  return iequals(type, "application/json") || iequals(type, "application/scim+json");
}

}  // namespace oss::fake_omni
