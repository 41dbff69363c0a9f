#include "request_log.hpp"

#include <algorithm>
#include <strings.h>

namespace oss::fake_omni {

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  return std::nullopt;
}

void RequestLog::add(RecordedRequest request) {
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(request));
}

std::vector<RecordedRequest> RequestLog::all() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

std::size_t RequestLog::size() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::size_t RequestLog::count(std::string_view method) const { return count(method, ""); }

std::size_t RequestLog::count(std::string_view method, std::string_view path_prefix) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(requests_.begin(), requests_.end(), [&](const RecordedRequest& r) {
    return r.method == method && r.target.starts_with(path_prefix);
  }));
}

}  // namespace oss::fake_omni
