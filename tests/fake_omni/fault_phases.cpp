#include "fault_phases.hpp"

#include <chrono>

namespace oss::fake_omni {

namespace {
// Far below any daemon's configured rate: a storm of 429s for as long as the phase lasts.
RateLimit throttled(RetryAfterStyle retry_after) { return RateLimit{5, std::chrono::milliseconds(10'000), retry_after}; }
}  // namespace

std::string_view enter_fault_phase(FakeOmni& server, std::size_t index, const std::optional<RateLimit>& usual) {
  server.faults().clear();
  server.set_rate_limit(usual);
  switch (index % kFaultPhaseCount) {
    case 0: return "calm";
    case 1: server.set_rate_limit(throttled(RetryAfterStyle::seconds)); return "429s with Retry-After";
    case 2: server.faults().fail_randomly(0.2, 503); return "503 on one call in five";
    case 3: server.set_rate_limit(throttled(RetryAfterStyle::none)); return "429s without Retry-After";
    case 4: server.faults().drop_randomly(0.1, DropPoint::before_handling); return "connections dropped (no effect)";
    case 5: server.faults().set_latency(std::chrono::milliseconds(1500)); return "answers 1.5 s slow";
    default: server.faults().drop_randomly(0.1, DropPoint::after_handling); return "answers lost after the write";
  }
}

}  // namespace oss::fake_omni
