#pragma once
// Every request the fake answered (or dropped), in arrival order, for tests to assert on. Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oss::fake_omni {

struct RecordedRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent
  std::vector<std::pair<std::string, std::string>> headers;  // all of them, Authorization included
  std::string body;
  unsigned status = 0;   // the status answered, or the one that would have been when dropped after handling
  bool dropped = false;  // the connection was closed without an answer
  std::string auth;      // how its key fared: accepted, missing, malformed, unknown, revoked ("" when dropped first)
  std::chrono::steady_clock::time_point arrival;        // when the request had been read (server's clock)
  std::chrono::system_clock::time_point arrival_wall;

  // The first header with this name (case-insensitive), if any.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
  // The path without the query.
  [[nodiscard]] std::string path() const { return target.substr(0, target.find('?')); }
};

class RequestLog {
 public:
  void add(RecordedRequest request);
  [[nodiscard]] std::vector<RecordedRequest> all() const;
  void clear();
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t count(std::string_view method) const;
  // Requests with this method whose path starts with path_prefix.
  [[nodiscard]] std::size_t count(std::string_view method, std::string_view path_prefix) const;

 private:
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace oss::fake_omni
