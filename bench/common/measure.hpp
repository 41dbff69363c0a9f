#pragma once
// Small measuring helpers shared by the bench programs: wall time, peak memory, medians, this executable's path.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace oss::bench {

using Clock = std::chrono::steady_clock;

inline double milliseconds_between(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double, std::milli>(end - start).count();
}

// The process's peak resident set so far (getrusage ru_maxrss), in MiB. One process per measurement keeps
// the peaks of different sizes apart.
double peak_rss_mib();

// The median of the values (the mean of the middle two for an even count); 0 for none.
double median(std::vector<double> values);

// The running executable (/proc/self/exe), for a driver that starts itself once per measurement.
std::filesystem::path own_executable();

// `name` as the shell would find it on $PATH (a name with a slash is returned as it is). Throws when absent.
std::filesystem::path find_program(const std::string& name);

}  // namespace oss::bench
