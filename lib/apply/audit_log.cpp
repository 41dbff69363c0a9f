#include "apply/audit_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>

#include "model/utc_time.hpp"
#include "state/private_files.hpp"

namespace oss::apply {

AuditLog::AuditLog(const std::filesystem::path& file) : file_(file) {
  state::ensure_private_directory(file.parent_path());
  fd_ = ::open(file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open audit log " + file.string());
  try {
    cut_torn_last_line();
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

void AuditLog::cut_torn_last_line() {
  const auto fail = [&](const char* what) {
    throw std::system_error(errno, std::generic_category(), std::string(what) + " audit log " + file_.string());
  };
  struct stat info {};
  if (::fstat(fd_, &info) != 0) fail("cannot inspect");
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0) return;
  // Read back from the end until the last newline. A torn line is at most one record long (a few hundred
  // bytes); a file without a newline in its last MiB is not one this tool wrote, and is left to the admin.
  constexpr std::size_t kLongestTornLine = std::size_t{1} << 20;
  std::string tail;
  std::size_t start = size;
  std::size_t keep = 0;  // the length up to and including the last newline
  while (start > 0) {
    if (tail.size() >= kLongestTornLine) {
      errno = EINVAL;
      fail("no whole line in the last MiB of the");
    }
    const std::size_t chunk = std::min<std::size_t>(start, 4096);
    start -= chunk;
    std::string block(chunk, '\0');
    if (::pread(fd_, block.data(), chunk, static_cast<off_t>(start)) != static_cast<ssize_t>(chunk)) fail("cannot read");
    tail.insert(0, block);
    if (const auto newline = tail.rfind('\n'); newline != std::string::npos) {
      keep = start + newline + 1;
      break;
    }
  }
  if (keep == size) return;
  const std::string torn = tail.substr(tail.size() - (size - keep));
  if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) fail("cannot repair");
  if (::fdatasync(fd_) != 0) fail("cannot sync");
  spdlog::warn("audit log {}: cut off a torn last line ({} bytes) left by a run that was killed while writing it: {}",
               file_.string(), torn.size(), torn.substr(0, 300));
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

void AuditLog::record(const AuditEntry& entry) {
  boost::json::object line;
  line["time"] = model::utc_timestamp(std::chrono::system_clock::now());
  line["op"] = entry.op;
  if (entry.group.empty()) line["userName"] = entry.user_name;
  else line["group"] = entry.group;
  if (!entry.id.empty()) line["id"] = entry.id;
  boost::json::array fields;
  for (const auto& field : entry.fields) fields.emplace_back(field);
  line["fields"] = std::move(fields);
  line["status"] = entry.status;
  line["outcome"] = entry.outcome;
  if (!entry.error.empty()) line["error"] = entry.error;
  if (!plan_sha256_.empty()) line["plan"] = plan_sha256_;
  std::string text = boost::json::serialize(line);
  text += '\n';
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw AuditWriteFailed(errno, std::generic_category(), "cannot write audit log " + file_.string());
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fdatasync(fd_) != 0)
    throw AuditWriteFailed(errno, std::generic_category(), "cannot sync audit log " + file_.string());
}

}  // namespace oss::apply
