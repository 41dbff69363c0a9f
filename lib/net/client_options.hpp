#pragma once
// What the `omni:` section says about talking to the server.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace oss::net {

struct ClientOptions {
  std::string base_url;                          // https://host[:port][/prefix]; the API is under /api
  std::optional<std::filesystem::path> ca_file;  // extra trust anchors on top of the system store
  double requests_per_minute = 60;
  std::chrono::milliseconds rate_window{60'000}; // requests per window = requests_per_minute * window / 60 s
  std::size_t max_in_flight = 4;
  std::size_t page_size = 100;
  std::chrono::milliseconds timeout{30'000};     // per step: resolve, connect, handshake, write, read
  int max_retries = 5;
};

}  // namespace oss::net
