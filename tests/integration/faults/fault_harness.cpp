#include "fault_harness.hpp"

#include <fcntl.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "model/user.hpp"

namespace oss::testing {

const support::TestPki& fault_pki() {
  static const support::TestPki pki = support::make_test_pki();
  return pki;
}

namespace {

std::size_t number_after(const std::string& text, const std::regex& pattern) {
  std::smatch match;
  return std::regex_search(text, match, pattern) ? std::stoul(match[1].str()) : 0;
}

// A restarted server gets another seed: the same seed would hand out the ids of the users it was given again.
fake_omni::FakeOmniOptions unlimited_options(std::uint64_t seed = 29) {
  return fake_omni::FakeOmniOptions{100, std::nullopt, true, seed};
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// support::ChildProcess does not close the test's own descriptors in the child, so the binary would inherit the
// fake server's listening socket and keep the port "open" after the server is gone (connections then hang in the
// TLS handshake instead of being refused). Marking them close-on-exec first keeps the child's view honest.
void close_descriptors_on_exec() {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    if (fd <= 2) continue;
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
}

}  // namespace

std::optional<RunSummary> parse_summary(const std::string& out) {
  std::smatch match;
  const std::regex line(R"((Applied \d+[^\n]*rate-limited \(429\)[^\n]*))");
  if (!std::regex_search(out, match, line)) return std::nullopt;
  const std::string text = match[1].str();
  RunSummary summary;
  summary.applied = number_after(text, std::regex(R"(Applied (\d+))"));
  summary.failed = number_after(text, std::regex(R"(failed (\d+))"));
  summary.withheld = number_after(text, std::regex(R"(withheld (\d+))"));
  summary.adopted = number_after(text, std::regex(R"(adopted (\d+))"));
  summary.gone = number_after(text, std::regex(R"(already gone (\d+))"));
  summary.not_started = number_after(text, std::regex(R"(not started (\d+))"));
  summary.requests = number_after(text, std::regex(R"((\d+) requests)"));
  summary.rate_limited = number_after(text, std::regex(R"((\d+) rate-limited)"));
  return summary;
}

std::optional<std::size_t> parse_planned(const std::string& out) {
  std::smatch match;
  const std::regex line(R"(Plan: (\d+) to create, (\d+) to update, (\d+) to deactivate, (\d+) to delete)");
  if (!std::regex_search(out, match, line)) return std::nullopt;
  std::size_t total = 0;
  for (int i = 1; i <= 4; ++i) total += std::stoul(match[i].str());
  return total;
}

FaultTest::FaultTest() {
  server_ = std::make_unique<fake_omni::FakeOmniServer>(
      fake_omni::TlsIdentity{fault_pki().server_cert_pem, fault_pki().server_key_pem}, unlimited_options());
  server_->add_org_key(kFaultKey);
  server_->start();
  port_ = server_->port();
  support::write_file(dir_ / "ca.pem", fault_pki().ca_pem);
}

FaultTest::~FaultTest() = default;

void FaultTest::seed_scenario() {
  source_.clear();
  for (int i = 0; i < 20; ++i) {
    const std::string n = std::to_string(i);
    server_->seed_user({"keep" + n + "@example.com", "Old Name " + n, true, {{"region", "us"}}});
    leaver_ids_.insert(server_->seed_user({"leaver" + n + "@example.com", "Leaver " + n, true, {}}));
    source_.push_back({"keep" + n + "@example.com", "Keeper " + n, "eu"});
  }
  for (int i = 0; i < 160; ++i)
    source_.push_back({"new" + std::to_string(i) + "@example.com", "New Person " + std::to_string(i), "eu"});
  write_source(source_);
}

void FaultTest::write_config(const ConfigSettings& settings) {
  std::ostringstream config;
  config << "omni:\n"
         << "  base_url: https://127.0.0.1:" << port_ << "\n"
         << "  ca_file: ca.pem\n"
         << "  requests_per_minute: " << settings.requests_per_minute << "\n"
         << "  rate_window_seconds: " << settings.rate_window_seconds << "\n"
         << "  timeout_seconds: " << settings.timeout_seconds << "\n"
         << "  max_retries: " << settings.max_retries << "\n"
         << "  page_size: " << settings.page_size << "\n"
         << "source:\n"
         << "  type: csv\n"
         << "  path: users.csv\n"
         << "sync:\n"
         << "  manage_attributes: [region]\n"
         << "  max_deletes: 1000\n"
         << "  max_delete_percent: 100\n"
         << "logging:\n  level: info\n"
         << "metrics:\n  listen: \"\"\n"
         << "state_dir: state\n";
  support::write_file(dir_ / "config.yaml", config.str());
}

void FaultTest::write_source(const std::vector<Person>& people) {
  std::string csv = "userName,displayName,active,attributes.region\n";
  for (const auto& p : people) csv += p.user_name + "," + p.display_name + ",true," + p.region + "\n";
  support::write_file(dir_ / "users.csv", csv);
}

support::ChildOptions FaultTest::sync_options(std::vector<std::string> args) const {
  close_descriptors_on_exec();
  std::vector<std::string> argv{kSyncBinary, "--config", (dir_ / "config.yaml").string(), "sync"};
  argv.insert(argv.end(), args.begin(), args.end());
  support::ChildOptions child(argv, {{"OMNI_API_KEY", kFaultKey}});
  child.working_dir = dir_.path();
  return child;
}

RunResult FaultTest::sync(std::vector<std::string> args) {
  support::ChildProcess process(sync_options(std::move(args)));
  const auto status = process.wait(std::chrono::seconds(120));
  EXPECT_TRUE(status) << "sync did not finish";
  return support::collect(process, status);
}

RunResult FaultTest::sync_watching(const std::function<void(support::ChildProcess&)>& tick,
                                  std::vector<std::string> args) {
  support::ChildProcess process(sync_options(std::move(args)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::optional<support::ExitStatus> status;
  while (!(status = process.wait(std::chrono::milliseconds(2))) && std::chrono::steady_clock::now() < deadline)
    tick(process);
  if (!status) status = process.wait(std::chrono::seconds(10));
  EXPECT_TRUE(status) << "sync did not finish";
  return support::collect(process, status);
}

void FaultTest::stop_server() {
  if (!server_) return;
  // Destroyed, not just stopped: a stopped server still holds its listening socket, and clients would hang in the
  // TLS handshake instead of being refused.
  for (auto& request : server_->requests()) earlier_requests_.push_back(std::move(request));
  last_users_ = server_->users();
  server_.reset();
}

void FaultTest::restart_server() {
  if (server_) stop_server();
  server_ = std::make_unique<fake_omni::FakeOmniServer>(
      fake_omni::TlsIdentity{fault_pki().server_cert_pem, fault_pki().server_key_pem}, unlimited_options(30 + ++restarts_),
      "127.0.0.1", port_);
  server_->add_org_key(kFaultKey);
  for (const auto& stored : last_users_) {
    fake_omni::SeedUser seed(stored.user_name, stored.display_name, stored.active, stored.attributes);
    seed.id = stored.id;
    server_->seed_user(seed);
  }
  server_->start();
}

std::vector<fake_omni::RecordedRequest> FaultTest::all_requests() const {
  auto all = earlier_requests_;
  if (server_) {
    auto current = server_->requests();
    all.insert(all.end(), current.begin(), current.end());
  }
  return all;
}

std::size_t FaultTest::writes_since(std::size_t first_request) const {
  const auto requests = server_->requests();
  std::size_t n = 0;
  for (std::size_t i = first_request; i < requests.size(); ++i)
    if (requests[i].method != "GET") ++n;
  return n;
}

void FaultTest::expect_converged() const {
  std::map<std::string, const Person*> wanted;
  for (const auto& p : source_) wanted[model::normalise_user_name(p.user_name)] = &p;
  std::size_t matched = 0;
  for (const auto& stored : server_->users()) {
    const auto user = fake_omni::to_remote_user(stored).user;
    const auto it = wanted.find(model::normalise_user_name(user.user_name));
    if (it == wanted.end()) {
      ADD_FAILURE() << user.user_name << " is at Omni but not in the source";
      continue;
    }
    ++matched;
    EXPECT_EQ(user.display_name, it->second->display_name) << user.user_name;
    EXPECT_TRUE(user.active) << user.user_name;
    const auto region = user.attributes.find("region");
    ASSERT_TRUE(region) << user.user_name;
    EXPECT_EQ(std::get<std::string>(*region), it->second->region) << user.user_name;
  }
  EXPECT_EQ(matched, wanted.size()) << "some source users are missing at Omni";
  EXPECT_EQ(server_->user_count(), wanted.size());
}

void FaultTest::expect_no_user_created_twice() const {
  std::map<std::string, int> created;
  for (const auto& request : all_requests()) {
    if (request.method != "POST" || request.status != 201) continue;
    const auto body = boost::json::parse(request.body).as_object();
    ++created[lower(std::string(body.at("userName").as_string()))];
  }
  for (const auto& [user_name, count] : created) EXPECT_EQ(count, 1) << user_name << " was created " << count << " times";
}

void FaultTest::expect_no_listed_user_deleted() const {
  for (const auto& request : all_requests()) {
    if (request.method != "DELETE") continue;
    const auto id = request.path().substr(request.path().rfind('/') + 1);
    EXPECT_TRUE(leaver_ids_.count(id)) << "DELETE of " << id << ", who is not a leaver";
  }
}

void FaultTest::expect_honest_summary(const RunResult& run, std::size_t first_request) const {
  const auto summary = parse_summary(run.out);
  ASSERT_TRUE(summary) << "no summary line in:\n" << run.out;
  const auto planned = parse_planned(run.out);
  if (planned) {
    EXPECT_EQ(summary->applied + summary->failed + summary->gone + summary->not_started, *planned) << run.out;
  }
  if (run.code() == 0) {
    EXPECT_TRUE(planned) << run.out;
    EXPECT_EQ(summary->failed, 0u) << run.out;
    EXPECT_EQ(summary->not_started, 0u) << run.out;
  } else {
    EXPECT_FALSE(run.err.empty()) << "a failed run must say why";
  }
  if (run.code() == 1 && planned) {
    EXPECT_GT(summary->failed + summary->not_started, 0u) << run.out << run.err;
  }
  std::size_t server_429 = 0;
  const auto requests = server_->requests();
  for (std::size_t i = first_request; i < requests.size(); ++i)
    if (requests[i].status == 429) ++server_429;
  EXPECT_EQ(summary->rate_limited, server_429) << run.out;
}

void FaultTest::expect_converges_within_one_more_run(const RunResult& first) {
  if (first.code() != 0) {
    server_->faults().clear();
    const auto before = recorded();
    const auto rerun = sync();
    EXPECT_EQ(rerun.code(), 0) << rerun.out << rerun.err;
    expect_honest_summary(rerun, before);
  }
  expect_converged();
  expect_no_user_created_twice();
  expect_no_listed_user_deleted();
}

}  // namespace oss::testing
