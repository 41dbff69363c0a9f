#pragma once
// What the fake's SCIM endpoints share: the list query (startIndex, count, filter) and the body's content type.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http_types.hpp"

namespace oss::fake_omni {

struct ListQuery {
  long start_index = 1;
  std::optional<long> count;
  std::optional<std::string> filter;
};

// Parameter names in any case (RFC 7644 section 3.4.2). Throws ScimError 400 for a non-integer or a bad target.
ListQuery parse_list_query(std::string_view target);

// The page a query selects from `total` resources: RFC 7644 section 3.4.2.4 reads startIndex below 1 as 1 and a
// negative count as 0; count is capped at max_page_size (its default too). first is 0-based.
struct PageWindow {
  std::size_t first = 0;
  std::size_t start_index = 1;
  std::size_t count = 0;
};
PageWindow page_window(const ListQuery& query, std::size_t max_page_size);

// application/json or application/scim+json, parameters ignored.
bool has_json_body(const Request& request);

}  // namespace oss::fake_omni
