// Finding 2 of the security review, second half: the key must not pile up in the daemon's memory (one copy per
// request was found in a core dump), nor stay in its environment. Read from outside, as an attacker with a core
// or /proc access would: the daemon's environment and every readable mapping of its memory, after a cycle of 150
// requests and a reload.
#include <gmock/gmock.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon_harness.hpp"
#include "support/file_io.hpp"

namespace oss::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// How many times `needle` occurs in the process's readable private memory (heap, stacks, anonymous maps).
std::size_t occurrences_in_memory(pid_t pid, const std::string& needle) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::ifstream memory("/proc/" + std::to_string(pid) + "/mem", std::ios::binary);
  std::size_t found = 0;
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, permissions, offset, device, inode, path;
    fields >> range >> permissions >> offset >> device >> inode;
    std::getline(fields, path);
    if (permissions[0] != 'r' || path.find(".so") != std::string::npos || path.find("omni-scim-sync") != std::string::npos)
      continue;   // code and read-only data of the binary and libraries hold no runtime copies
    const auto dash = range.find('-');
    const auto begin = std::stoull(range.substr(0, dash), nullptr, 16);
    const auto end = std::stoull(range.substr(dash + 1), nullptr, 16);
    std::string bytes(end - begin, '\0');
    memory.clear();
    memory.seekg(static_cast<std::streamoff>(begin));
    if (!memory.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) continue;   // [vvar] and the like
    for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 1)) ++found;
  }
  return found;
}

class KeyInMemory : public DaemonTest {};

TEST_F(KeyInMemory, TheKeyIsNotInTheEnvironmentAndNotCopiedPerRequest) {
  std::vector<std::string> people;
  for (int i = 0; i < 150; ++i) people.push_back("person" + std::to_string(i) + "@example.com");
  write_users(people);
  write_config();
  std::string config = support::read_file(dir_ / "config.yaml");
  const std::string file_line = "api_key_file: " + (dir_ / "api-key").string();
  config.replace(config.find(file_line), file_line.size(), "api_key_env: OMNI_API_KEY");
  support::write_file(dir_ / "config.yaml", config);
  start_daemon({{"OMNI_API_KEY", kDaemonOrgKey}});
  expect_eventually([&] { return server().user_count() == 150; }, 60s, "the first cycle creates everyone");

  // A reload keeps the key read at start (the variable is gone by now) and runs a cycle with it: 150 more creates.
  for (int i = 150; i < 300; ++i) people.push_back("person" + std::to_string(i) + "@example.com");
  write_users(people);
  daemon().send_signal(SIGHUP);
  expect_eventually([&] { return metric("omni_scim_sync_config_reloads_total{result=\"ok\"}") == 1; }, 10s, "reload");
  expect_eventually([&] { return server().user_count() == 300; }, 60s, "a cycle after the reload, with the same key");
  expect_eventually([&] { return metric("omni_scim_sync_cycles_total{result=\"in_step\"}") >= 2; }, 10s, "idle");

  const std::string environment = support::read_file("/proc/" + std::to_string(daemon().pid()) + "/environ");
  EXPECT_THAT(environment, Not(HasSubstr(kDaemonOrgKey)));
  EXPECT_THAT(environment, Not(HasSubstr("OMNI_API_KEY"))) << "the variable's name is wiped with its value";
  // Held for the daemon's life: the key and "Bearer <key>", once each. Besides, each open connection's TLS layer
  // keeps the last request it wrote until the next overwrites it: at most max_in_flight. Not one per request: 300
  // creates used to leave a copy each in freed heap memory.
  const std::size_t copies = occurrences_in_memory(daemon().pid(), kDaemonOrgKey);
  const std::size_t headers = occurrences_in_memory(daemon().pid(), std::string("Bearer ") + kDaemonOrgKey);
  std::cerr << "key copies in memory: " << copies << ", of them as a header value: " << headers << "\n";
  EXPECT_GE(copies, 1u) << "the scan found no key at all: it cannot see the daemon's memory";
  EXPECT_LE(copies, 2u + static_cast<std::size_t>(settings_.max_in_flight));
}

}  // namespace
}  // namespace oss::testing
