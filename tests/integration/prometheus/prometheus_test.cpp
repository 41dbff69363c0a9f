// The alerting rules and the Grafana dashboard against a real Prometheus scraping the real daemon, which runs
// against the fake Omni server (TLS on loopback): the series arrive with the names and labels the rules and the
// dashboard use, every dashboard query runs, and the key-refused and target-down alerts fire.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <regex>
#include <set>

#include "../daemon/daemon_harness.hpp"
#include "prometheus_server.hpp"
#include "support/file_io.hpp"

namespace oss::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using ::testing::IsSupersetOf;

constexpr const char* kJob = "omni-scim-sync";
const std::filesystem::path kRules = std::filesystem::path(OSS_SOURCE_DIR) / "deploy/prometheus/omni-scim-sync.rules.yaml";
const std::filesystem::path kDashboard = std::filesystem::path(OSS_SOURCE_DIR) / "deploy/grafana/omni-scim-sync.json";

std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

// Every metric name a text mentions.
std::set<std::string> metric_names_in(const std::string& text) {
  static const std::regex name(R"(omni_scim_sync_[a-z_]+)");
  std::set<std::string> names;
  for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) names.insert(it->str());
  return names;
}

// Every "expr" in the dashboard, wherever it sits (panels, rows, targets).
void collect_exprs(const json::value& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.as_object()) {
      if (key == "expr" && value.is_string()) out.emplace_back(value.as_string());
      else collect_exprs(value, out);
    }
  } else if (node.is_array()) {
    for (const auto& item : node.as_array()) collect_exprs(item, out);
  }
}

// Grafana's variables as Grafana would fill them in for this one daemon.
std::string as_grafana_sends_it(std::string expr) {
  expr = std::regex_replace(expr, std::regex(R"(\$__rate_interval)"), "1m");
  expr = std::regex_replace(expr, std::regex(R"(\$instance\b)"), ".+");
  return expr;
}

class PrometheusTest : public DaemonTest {
 protected:
  PrometheusTest() {
    settings_.interval_seconds = 10;   // the shortest allowed: the test triggers its cycles with SIGHUP anyway
    write_config();
  }

  // The shipped rules with every `for:` at 1 s: the real ones (5 min, 10 min) would outlast the test.
  std::filesystem::path rules_with_short_for() {
    const std::string original = support::read_file(kRules);
    const std::regex for_line(R"((\n\s+for:) \d+[smh])");
    const std::string shortened = std::regex_replace(original, for_line, "$1 1s");
    EXPECT_NE(shortened, original) << "no `for:` in the rules to shorten";
    const auto path = dir_ / "rules.yaml";
    support::write_file(path, shortened);
    return path;
  }

  void start_prometheus() {
    prometheus_ = std::make_unique<PrometheusServer>(OSS_PROMETHEUS, kJob, target(), rules_with_short_for());
    ASSERT_TRUE(prometheus_->wait_ready(30s)) << "prometheus not ready:\n" << prometheus_->process().stderr_text();
  }

  std::string target() const { return "127.0.0.1:" + std::to_string(settings_.metrics_port); }

  // The result vector of an instant query; nullopt (and the test fails) on an error answer.
  std::optional<json::array> vector_of(const std::string& promql) {
    const auto answer = prometheus_->query(promql);
    if (str(answer.at("status")) != "success") {
      ADD_FAILURE() << promql << "\n  -> " << json::serialize(answer);
      return std::nullopt;
    }
    return answer.at("data").at("result").as_array();
  }

  // Polls until the query returns at least one series, up to `deadline`; false on an error answer at once.
  bool eventually_nonempty(const std::string& promql, std::chrono::steady_clock::time_point deadline) {
    bool nonempty = false;
    eventually(
        [&] {
          auto result = vector_of(promql);
          nonempty = result && !result->empty();
          return nonempty || !result;
        },
        std::max<std::chrono::milliseconds>(
            1s, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())));
    return nonempty;
  }

  std::optional<json::object> alert(const std::string& name) {
    const auto answer = prometheus_->api("/api/v1/alerts");   // named: the loop below walks into it
    for (const auto& a : answer.at("data").at("alerts").as_array())
      if (str(a.at("labels").at("alertname")) == name) return a.as_object();
    return std::nullopt;
  }

  bool firing(const std::string& name) {
    auto a = alert(name);
    return a && str(a->at("state")) == "firing";
  }

  void expect_firing_within(const std::string& name, std::chrono::milliseconds timeout) {
    if (!eventually([&] { return firing(name); }, timeout))
      ADD_FAILURE() << name << " not firing within " << timeout.count() << " ms; alerts: "
                    << json::serialize(prometheus_->api("/api/v1/alerts")) << "\ndaemon stderr:\n"
                    << daemon().stderr_text();
  }

  std::unique_ptr<PrometheusServer> prometheus_;
};

TEST_F(PrometheusTest, RulesDashboardAndAlertsOnTheDaemon) {
  start_daemon();
  expect_eventually([&] { return status_of("/readyz") == 200; }, 15s, "a first successful cycle");
  ASSERT_NO_FATAL_FAILURE(start_prometheus());

  // Every rule loaded and evaluated without error.
  std::set<std::string> expected_alerts;
  {
    const std::string text = support::read_file(kRules);
    static const std::regex alert_line(R"(- alert: (\w+))");
    for (std::sregex_iterator it(text.begin(), text.end(), alert_line), end; it != end; ++it)
      expected_alerts.insert((*it)[1]);
  }
  ASSERT_EQ(expected_alerts.size(), 6u);
  std::set<std::string> evaluated;
  expect_eventually(
      [&] {
        evaluated.clear();
        const auto answer = prometheus_->api("/api/v1/rules");
        for (const auto& group : answer.at("data").at("groups").as_array())
          for (const auto& rule : group.at("rules").as_array()) {
            EXPECT_NE(str(rule.at("health")), "err") << json::serialize(rule);
            if (str(rule.at("health")) == "ok") evaluated.insert(str(rule.at("name")));
          }
        return evaluated == expected_alerts;
      },
      20s, "every rule evaluated with health ok");
  EXPECT_EQ(evaluated, expected_alerts);

  // The daemon is scraped, under the job the rules name.
  ASSERT_TRUE(eventually_nonempty("up{job=\"omni-scim-sync\"} == 1", std::chrono::steady_clock::now() + 20s)) << "the daemon is never scraped";

  // Every metric the rules and the dashboard use is a series the daemon really exports.
  std::set<std::string> used = metric_names_in(support::read_file(kRules));
  const std::string dashboard_text = support::read_file(kDashboard);
  used.merge(metric_names_in(dashboard_text));
  std::set<std::string> exported;
  for (const auto& series : vector_of("count by (__name__) ({job=\"omni-scim-sync\",__name__=~\"omni_scim_sync_.+\"})")
                                .value_or(json::array{}))
    exported.insert(str(series.at("metric").at("__name__")));
  EXPECT_THAT(exported, IsSupersetOf(used));
  EXPECT_GE(used.size(), 20u) << "the regex that finds the names must find them";

  // The labels the rules and the dashboard group by.
  std::set<std::string> results;
  for (const auto& series : vector_of("omni_scim_sync_cycles_total{job=\"omni-scim-sync\"}").value_or(json::array{})) {
    EXPECT_EQ(str(series.at("metric").at("instance")), target());
    results.insert(str(series.at("metric").at("result")));
  }
  EXPECT_THAT(results, IsSupersetOf({"in_step", "changes_pending", "guard_withheld", "some_failed", "key_refused",
                                     "source_failed", "omni_failed", "not_audited", "error"}));
  std::set<std::string> ops;
  for (const auto& series : vector_of("omni_scim_sync_planned_users").value_or(json::array{}))
    ops.insert(str(series.at("metric").at("op")));
  EXPECT_EQ(ops, (std::set<std::string>{"create", "update", "deactivate", "delete"}));
  EXPECT_FALSE(vector_of("omni_scim_sync_http_requests_total{method=\"POST\",status=\"201\"} == 2").value_or(json::array{}).empty())
      << "the first cycle created the two users";

  // Every dashboard query runs and returns series (an unknown name returns nothing rather than an error).
  std::vector<std::string> exprs;
  collect_exprs(json::parse(dashboard_text), exprs);
  EXPECT_GE(exprs.size(), 10u);
  // One deadline for them all: the increase() ones need two scrapes in their window, the rest answer at once.
  const auto exprs_deadline = std::chrono::steady_clock::now() + 20s;
  for (const auto& expr : exprs) {
    const std::string promql = as_grafana_sends_it(expr);
    EXPECT_EQ(promql.find('$'), std::string::npos) << "a Grafana variable the test does not fill in: " << expr;
    EXPECT_TRUE(eventually_nonempty(promql, exprs_deadline)) << "no series for the dashboard's " << promql;
  }

  // Key refused: not before, firing once Omni refuses the key (the next cycle, started by SIGHUP).
  EXPECT_FALSE(firing("OmniScimSyncKeyRefused"));
  server().revoke_key(kDaemonOrgKey);
  daemon().send_signal(SIGHUP);
  expect_firing_within("OmniScimSyncKeyRefused", 30s);
  if (auto a = alert("OmniScimSyncKeyRefused")) {
    EXPECT_EQ(str(a->at("labels").at("severity")), "critical");
    EXPECT_EQ(str(a->at("labels").at("instance")), target());
    EXPECT_THAT(str(a->at("annotations").at("description")),
                ::testing::HasSubstr("omni_scim_sync_healthy"));
  }
  EXPECT_FALSE(firing("OmniScimSyncNoRecentSuccess")) << "the refused key has its own alert";

  // Target down: the daemon stops, its scrapes fail.
  EXPECT_FALSE(firing("OmniScimSyncDown"));
  daemon().send_signal(SIGTERM);
  ASSERT_TRUE(daemon().wait(15s)) << "the daemon did not stop";
  expect_firing_within("OmniScimSyncDown", 30s);
}

}  // namespace
}  // namespace oss::testing
