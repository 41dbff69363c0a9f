#pragma once
// Which answer each request to the health and metrics endpoint gets. No sockets here: the server passes the
// method and target, so the routing rules are tested as a table.
#include <ostream>  // boost/core string_view needs it before beast/http/verb.hpp (Boost 1.81)

#include <boost/beast/http/verb.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace oss::service {

struct HttpAnswer {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  bool allow_header = false;   // 405: send `Allow: GET, HEAD`
};

struct HealthEndpoints {
  std::function<std::optional<std::string>()> unhealthy_reason;   // nullopt: healthy
  std::function<std::optional<std::string>()> not_ready_reason;   // nullopt: ready
  std::function<std::string()> metrics_text;
};

// GET (or HEAD) /healthz, /readyz, /metrics; a query string is ignored. Other paths 404, other methods 405.
HttpAnswer route(boost::beast::http::verb method, std::string_view target, const HealthEndpoints& endpoints);

}  // namespace oss::service
