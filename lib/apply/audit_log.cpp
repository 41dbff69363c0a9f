#include "apply/audit_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <chrono>
#include <system_error>

#include "model/utc_time.hpp"
#include "state/private_files.hpp"

namespace oss::apply {


AuditLog::AuditLog(const std::filesystem::path& file) : file_(file) {
  state::ensure_private_directory(file.parent_path());
  fd_ = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot open audit log " + file.string());
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
  std::string text = boost::json::serialize(line);
  text += '\n';
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot write audit log " + file_.string());
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::fdatasync(fd_) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot sync audit log " + file_.string());
}

}  // namespace oss::apply
