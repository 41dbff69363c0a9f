#include "service/http_routes.hpp"

#include "model/text_escape.hpp"
#include "service/prometheus_text.hpp"

namespace oss::service {

namespace http = boost::beast::http;

namespace {

HttpAnswer plain(unsigned status, std::string body) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = std::move(body) + "\n";
  return answer;
}

// The reason is a code (key_refused, no_success_yet, stale, …) with the last outcome's name; the failure's own text
// stays in the log. Escaped all the same, as a guard should a reason ever carry outside words again.
HttpAnswer check(const std::optional<std::string>& problem, const char* good) {
  return problem ? plain(503, model::without_controls(*problem)) : plain(200, good);
}

}  // namespace

HttpAnswer route(http::verb method, std::string_view target, const HealthEndpoints& endpoints) {
  const std::string_view path = target.substr(0, target.find('?'));
  const bool known = path == "/healthz" || path == "/readyz" || path == "/metrics";
  if (!known) return plain(404, "not found: try /healthz, /readyz or /metrics");
  if (method != http::verb::get && method != http::verb::head) {
    HttpAnswer answer = plain(405, "method not allowed: use GET");
    answer.allow_header = true;
    return answer;
  }
  if (path == "/healthz") return check(endpoints.unhealthy_reason(), "ok");
  if (path == "/readyz") return check(endpoints.not_ready_reason(), "ready");
  HttpAnswer answer;
  answer.content_type = kPrometheusContentType;
  answer.body = endpoints.metrics_text();
  return answer;
}

}  // namespace oss::service
