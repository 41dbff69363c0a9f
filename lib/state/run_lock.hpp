#pragma once
// At most one run applies changes at a time (a timer and a manual run, say): an flock(2) on state_dir/lock.
// The kernel drops the lock when the process dies, so a crash never leaves a stale lock behind.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace oss::state {

class LockHeld : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunLock {
 public:
  // Takes the lock or throws LockHeld saying who holds it ("pid 1234, `sync`, since 2026-11-28T10:00:00Z").
  RunLock(const std::filesystem::path& state_dir, const std::string& what);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace oss::state
