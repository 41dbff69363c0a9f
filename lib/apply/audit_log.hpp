#pragma once
// The audit log: one JSON line per write sent to Omni, appended and fsync'd before the next one, so that the
// file says what happened even after a crash. It never holds the API key: nothing here has access to it.
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace oss::apply {

// The audit line of a write could not be written or synced (a full disk, an I/O error). The write it describes
// may already have gone through at Omni: callers report it as "applied, not audited", never as failed.
class AuditWriteFailed : public std::system_error {
 public:
  using std::system_error::system_error;
};

struct AuditEntry {
  std::string op;                   // create, update, deactivate, delete; create_group, update_group, delete_group
  std::string user_name;            // empty for a group
  std::string id;                   // empty when a create failed
  std::vector<std::string> fields;  // what the write changed
  int status = 0;                   // HTTP status; 0 when no answer came
  std::string outcome;              // applied, adopted, gone, failed
  std::string error;                // for failed
  std::string group;                // the group's name, for a group write (then userName is left out)
};

class AuditLog {
 public:
  // Opens (creating it 0600, and its folder 0700) for appending. A last line without its newline was torn by a
  // run killed mid-write: it is cut off, with a warning that shows it, so that every line stays one whole JSON
  // object. Throws std::system_error naming the file.
  explicit AuditLog(const std::filesystem::path& file);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // One write(2) of one whole line on an O_APPEND descriptor, then fdatasync: lines are never interleaved, and
  // a synced line survives a crash. A SIGKILL can still cut a write short where it crosses a page (seen in the
  // crash test); the next open repairs that. Throws AuditWriteFailed.
  void record(const AuditEntry& entry);

  // `apply FILE`: every line from now on names the reviewed plan it carries out ("plan": its sha256).
  void tag_plan(std::string sha256) { plan_sha256_ = std::move(sha256); }

 private:
  void cut_torn_last_line();

  std::filesystem::path file_;
  int fd_ = -1;
  std::string plan_sha256_;
};

}  // namespace oss::apply
