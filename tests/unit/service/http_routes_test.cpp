#include <gtest/gtest.h>

#include "service/http_routes.hpp"

namespace oss::service {
namespace {

namespace http = boost::beast::http;

HealthEndpoints endpoints(std::optional<std::string> unhealthy, std::optional<std::string> not_ready) {
  return HealthEndpoints{[=] { return unhealthy; }, [=] { return not_ready; }, [] { return std::string("m 1\n"); }};
}

TEST(HttpRoutes, Table) {
  struct Row {
    http::verb method;
    const char* target;
    std::optional<std::string> unhealthy, not_ready;
    unsigned status;
    const char* body;
  };
  const std::optional<std::string> none;
  const Row rows[] = {
      {http::verb::get, "/healthz", none, none, 200, "ok\n"},
      {http::verb::get, "/healthz", std::string("key refused"), none, 503, "key refused\n"},
      {http::verb::get, "/readyz", none, std::string("no cycle yet"), 503, "no cycle yet\n"},
      {http::verb::get, "/readyz", none, none, 200, "ready\n"},
      // A reason quoting a server's or LDAP's words stays one inert line.
      {http::verb::get, "/readyz", none, std::string("failed: \x1b[2J\nok\xE2\x80\xAE"), 503,
       "failed: \\x1b[2J\\nok\\u{202e}\n"},
      {http::verb::get, "/metrics", none, none, 200, "m 1\n"},
      {http::verb::get, "/metrics?name[]=x", none, none, 200, "m 1\n"},
      {http::verb::head, "/healthz", none, none, 200, "ok\n"},
      {http::verb::post, "/metrics", none, none, 405, nullptr},
      {http::verb::delete_, "/healthz", none, none, 405, nullptr},
      {http::verb::get, "/", none, none, 404, nullptr},
      {http::verb::get, "/healthz/", none, none, 404, nullptr},
      {http::verb::post, "/nowhere", none, none, 404, nullptr},
  };
  for (const auto& row : rows) {
    const auto answer = route(row.method, row.target, endpoints(row.unhealthy, row.not_ready));
    EXPECT_EQ(answer.status, row.status) << http::to_string(row.method) << " " << row.target;
    if (row.body) {
      EXPECT_EQ(answer.body, row.body) << row.target;
    }
    EXPECT_EQ(answer.allow_header, row.status == 405) << row.target;
  }
}

TEST(HttpRoutes, MetricsHaveThePrometheusContentType) {
  const auto answer = route(http::verb::get, "/metrics", endpoints({}, {}));
  EXPECT_EQ(answer.content_type, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace oss::service
