// Security promises checked on the built binary: the key never shows (output, logs, audit, state files, argv),
// only HTTPS with a certificate that checks out and TLS 1.2 or newer, and private modes on what it writes.
#include <sys/resource.h>
#include <sys/stat.h>

#include <gmock/gmock.h>

#include "fault_harness.hpp"
#include "old_tls_server.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string file_text_if_any(const std::filesystem::path& path) {
  return std::filesystem::is_regular_file(path) ? support::read_file(path) : std::string();
}

std::string read_cmdline(pid_t pid) {
  std::string text = file_text_if_any("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(text.begin(), text.end(), '\0', ' ');
  return text;
}

class Security : public FaultTest {
 protected:
  void SetUp() override { seed_scenario(); }

  // A config pointing at `port` (defaults to the fake server's) with base_url replaced when given.
  void write_config_for(const std::string& base_url) {
    write_config();
    auto text = support::read_file(dir_ / "config.yaml");
    const std::string current = "https://127.0.0.1:" + std::to_string(port_);
    text.replace(text.find(current), current.size(), base_url);
    support::write_file(dir_ / "config.yaml", text);
  }

  RunResult run_binary(std::vector<std::string> args) {
    support::ChildOptions child(std::move(args), {{"OMNI_API_KEY", kFaultKey}});
    child.working_dir = dir_.path();
    support::ChildProcess process(child);
    const auto status = process.wait(std::chrono::seconds(60));
    EXPECT_TRUE(status);
    return support::collect(process, status);
  }

  // Refused before any request: exit 1 and `reason` in the error, and the server never saw a request.
  void expect_tls_refused(const support::TestPki& server_pki, const std::string& reason) {
    restart_server_with(server_pki);
    write_config({.max_retries = 0});
    const auto run = sync();
    EXPECT_EQ(run.code(), 1) << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr(reason));
    EXPECT_EQ(server_->requests().size(), 0u) << "a request crossed a connection that should have been refused";
    EXPECT_THAT(run.err, Not(HasSubstr(kFaultKey)));
  }

  void restart_server_with(const support::TestPki& pki) {
    server_.reset();
    server_ = std::make_unique<fake_omni::FakeOmniServer>(
        fake_omni::TlsIdentity{pki.server_cert_pem, pki.server_key_pem},
        fake_omni::FakeOmniOptions{100, std::nullopt, true, 5}, "127.0.0.1", port_);
    server_->add_org_key(kFaultKey);
    server_->start();
  }
};

TEST_F(Security, TheKeyNeverAppearsInAnyOutputLogAuditLineOrStateFile) {
  write_config();
  auto config = support::read_file(dir_ / "config.yaml");
  config.replace(config.find("level: info"), 11, "level: trace");  // the chattiest logs there are
  support::write_file(dir_ / "config.yaml", config);

  std::string everything;
  // A full apply run, watching argv while it runs.
  support::ChildProcess process(sync_options());
  std::string cmdline;
  while (process.running()) {
    cmdline += read_cmdline(process.pid());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(process.wait(std::chrono::seconds(60)));
  EXPECT_THAT(cmdline, HasSubstr("omni-scim-sync")) << "argv was never read while the process ran";
  EXPECT_THAT(cmdline, Not(HasSubstr(kFaultKey)));
  everything += process.stdout_text() + process.stderr_text();
  EXPECT_THAT(process.stdout_text(), HasSubstr("Applied 200"));

  // The other outputs: JSON plan, dry run, check, --help, and errors from a refused key.
  everything += sync({"--output", "json", "--dry-run"}).out;
  const auto check = run_binary({kSyncBinary, "--config", (dir_ / "config.yaml").string(), "check"});
  everything += check.out + check.err;
  const auto help = run_binary({kSyncBinary, "--help"});
  EXPECT_EQ(help.code(), 0);
  everything += help.out + help.err;
  server_->revoke_key(kFaultKey);
  const auto refused = sync();
  EXPECT_EQ(refused.code(), 78) << refused.err;
  everything += refused.out + refused.err;

  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "state"))
    if (entry.is_regular_file()) everything += support::read_file(entry.path());
  EXPECT_THAT(everything, HasSubstr("create new0@example.com")) << "the outputs were not captured";
  EXPECT_THAT(everything, Not(HasSubstr(kFaultKey)));
  // Nor a recognisable piece of it (a log that printed half the key would leak it too).
  EXPECT_THAT(everything, Not(HasSubstr(std::string(kFaultKey).substr(0, 16))));
}

TEST_F(Security, AnHttpUrlIsRefusedBeforeAnythingIsSent) {
  write_config_for("http://127.0.0.1:" + std::to_string(port_));
  const auto run = sync();
  EXPECT_EQ(run.code(), 78) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("http:// is refused"));
  EXPECT_EQ(server_->requests().size(), 0u);
}

TEST_F(Security, AnExpiredCertificateIsRefused) {
  support::LeafOptions expired;
  expired.not_before_offset = -std::chrono::hours(48);
  expired.not_after_offset = -std::chrono::hours(24);
  auto pki = fault_pki();
  const auto leaf = support::make_leaf_certificate({pki.ca_pem, pki.ca_key_pem}, expired);
  pki.server_cert_pem = leaf.certificate_pem;
  pki.server_key_pem = leaf.private_key_pem;
  expect_tls_refused(pki, "certificate has expired");
}

TEST_F(Security, ACertificateForAnotherHostIsRefused) {
  support::LeafOptions other_host;
  other_host.subject_alt_names = {"DNS:omni.example.com"};
  other_host.common_name = "omni.example.com";
  auto pki = fault_pki();
  const auto leaf = support::make_leaf_certificate({pki.ca_pem, pki.ca_key_pem}, other_host);
  pki.server_cert_pem = leaf.certificate_pem;
  pki.server_key_pem = leaf.private_key_pem;
  expect_tls_refused(pki, "hostname mismatch");
}

TEST_F(Security, ACertificateFromAnUnknownAuthorityIsRefused) {
  expect_tls_refused(support::make_test_pki(), "unable to get local issuer certificate");
}

TEST_F(Security, AServerThatSpeaksOnlyTls11IsRefused) {
  OldTlsServer old(fault_pki().server_cert_pem, fault_pki().server_key_pem);
  write_config_for("https://127.0.0.1:" + std::to_string(old.port()));
  auto config = support::read_file(dir_ / "config.yaml");
  config.replace(config.find("max_retries: 3"), 14, "max_retries: 0");
  support::write_file(dir_ / "config.yaml", config);
  const auto run = sync();
  EXPECT_EQ(run.code(), 1) << run.out << run.err;
  EXPECT_THAT(run.err, HasSubstr("protocol version"));
  EXPECT_GE(old.connections(), 1) << "the client never reached the server: the test proves nothing";
  EXPECT_EQ(old.completed_handshakes(), 0);
}

TEST_F(Security, EverythingItWritesIsPrivateWhateverTheUmask) {
  write_config();
  const mode_t previous = ::umask(0);  // the child inherits it: the modes must come from the tool itself
  const auto run = sync();
  ::umask(previous);
  EXPECT_EQ(run.code(), 0) << run.err;
  const auto state = dir_ / "state";
  ASSERT_TRUE(std::filesystem::is_directory(state));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(state)) {
    struct stat info {};
    ASSERT_EQ(::stat(entry.path().c_str(), &info), 0);
    const auto mode = info.st_mode & 07777;
    if (entry.is_directory()) {
      EXPECT_EQ(mode, 0700u) << entry.path();
    } else {
      ++files;
      EXPECT_EQ(mode, 0600u) << entry.path();
    }
  }
  struct stat info {};
  ASSERT_EQ(::stat(state.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  EXPECT_TRUE(std::filesystem::exists(state / "audit.log"));
  EXPECT_GE(files, 2u) << "expected at least the audit log and the last-run facts";
}

// The key is in the process's memory; a core dump must not carry it anywhere (issue 21, finding 2). The test
// allows cores (RLIMIT_CORE unlimited, inherited) and aborts a sync mid-run: no core may be written.
TEST_F(Security, AnAbortedRunLeavesNoCoreDumpWhateverTheLimitItInherited) {
  write_config();
  server_->faults().set_latency(std::chrono::milliseconds(3000));  // keeps the run waiting on its first request
  struct rlimit before {};
  ::getrlimit(RLIMIT_CORE, &before);
  const struct rlimit unlimited {RLIM_INFINITY, RLIM_INFINITY};
  ASSERT_EQ(::setrlimit(RLIMIT_CORE, &unlimited), 0);
  auto options = sync_options();
  options.working_dir = dir_.path();   // where core_pattern "core" would put it
  support::ChildProcess process(options);
  ::setrlimit(RLIMIT_CORE, &before);

  std::string limits;
  for (int i = 0; i < 200 && limits.find("Max core file size        0                    0") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    limits = file_text_if_any("/proc/" + std::to_string(process.pid()) + "/limits");
  }
  EXPECT_THAT(limits, HasSubstr("Max core file size        0                    0")) << limits;
  process.send_signal(SIGABRT);
  const auto status = process.wait(std::chrono::seconds(30));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->term_signal, SIGABRT);
  EXPECT_FALSE(status->core_dumped) << "the kernel wrote a core dump";
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
    EXPECT_EQ(entry.path().filename().string().rfind("core", 0), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace oss::testing
