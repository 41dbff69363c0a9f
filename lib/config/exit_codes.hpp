#pragma once
// The process exit statuses, in one place so the CLI, the daemon and the docs agree.
// 64, 65 and 78 follow BSD sysexits.h (EX_USAGE, EX_DATAERR, EX_CONFIG); 130 and 143 are the shell's 128 + signal number.
namespace oss::config {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;         // a runtime failure (network, source, some operations failed)
inline constexpr int kExitChangesPending = 2;  // sync --dry-run --detailed-exitcode: the plan is not empty
inline constexpr int kExitGuardWithheld = 3;   // a guard withheld operations (deletes over the threshold, ...)
inline constexpr int kExitStalePlan = 4;       // apply FILE: users changed at Omni since the plan, or too old
inline constexpr int kExitUsage = 64;          // EX_USAGE: bad command line
inline constexpr int kExitDataError = 65;      // EX_DATAERR: a plan file edited, of another schema or instance
inline constexpr int kExitConfig = 78;         // EX_CONFIG: bad configuration file or secret
inline constexpr int kExitInterrupted = 130;   // SIGINT
inline constexpr int kExitTerminated = 143;    // SIGTERM

}  // namespace oss::config
