// Finding 2 of the security review, second half: the key must not pile up in the daemon's memory (one copy per
// request was found in a core dump), nor stay in its environment. Read from outside, as an attacker with a core
// or /proc access would: the daemon's environment and every readable mapping of its memory, after a cycle of 150
// requests and a reload.
#include <gmock/gmock.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
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

// How many times `needle` occurs in the process's readable private memory (heap, stacks, anonymous maps). Read in
// chunks that overlap by the needle's length, so a copy across a chunk's edge still counts once. Mappings above
// 1 GiB are reservations, not data: AddressSanitizer's shadow memory is terabytes of untouched zero pages.
std::size_t occurrences_in_memory(pid_t pid, const std::string& needle) {
  constexpr std::uint64_t kLargestScanned = 1ull << 30;
  constexpr std::size_t kChunk = 4u << 20;
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::ifstream memory("/proc/" + std::to_string(pid) + "/mem", std::ios::binary);
  std::size_t found = 0;
  std::string line;
  std::string bytes;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, permissions, offset, device, inode, path;
    fields >> range >> permissions >> offset >> device >> inode;
    std::getline(fields, path);
    if (permissions[0] != 'r' || path.find(".so") != std::string::npos || path.find("omni-scim-sync") != std::string::npos)
      continue;   // code and read-only data of the binary and libraries hold no runtime copies
    const auto dash = range.find('-');
    const std::uint64_t begin = std::stoull(range.substr(0, dash), nullptr, 16);
    const std::uint64_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (end - begin > kLargestScanned) continue;
    for (std::uint64_t at = begin; at < end; at += kChunk) {
      const std::uint64_t upto = std::min<std::uint64_t>(end, at + kChunk + needle.size() - 1);
      bytes.assign(upto - at, '\0');
      memory.clear();
      memory.seekg(static_cast<std::streamoff>(at));
      if (!memory.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) break;   // [vvar] and the like
      for (auto hit = bytes.find(needle); hit != std::string::npos && hit < kChunk; hit = bytes.find(needle, hit + 1))
        ++found;
    }
  }
  return found;
}

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer's runtime reads /proc/self/environ into a buffer of its own before main runs.
constexpr std::size_t kSanitizerRuntimeCopies = 1;
#else
constexpr std::size_t kSanitizerRuntimeCopies = 0;
#endif

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
  // Held for the daemon's life: the key and "Bearer <key>", once each; two more (its header, its wire bytes)
  // if a request is being sent at the moment of the scan. Not one per request: 300 creates used to leave a copy each in freed heap memory, and,
  // seen under AddressSanitizer (whose fake stacks keep old frames), one each on the stack, where Asio's SSL write
  // flattened the request before encrypting it.
  const std::size_t copies = occurrences_in_memory(daemon().pid(), kDaemonOrgKey);
  const std::size_t headers = occurrences_in_memory(daemon().pid(), std::string("Bearer ") + kDaemonOrgKey);
  std::cerr << "key copies in memory: " << copies << ", of them as a header value: " << headers << "\n";
  EXPECT_GE(copies, 1u) << "the scan found no key at all: it cannot see the daemon's memory";
  EXPECT_LE(headers, 3u);
  EXPECT_LE(copies, 4u + kSanitizerRuntimeCopies);
}

}  // namespace
}  // namespace oss::testing
