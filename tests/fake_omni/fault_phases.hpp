#pragma once
// The weather of a soak run (`fake-omni --fault-phases SECONDS`): the server goes through these phases in turn,
// one every SECONDS, so that a long run meets each fault many times and at whatever the daemon is doing then.
#include <cstddef>
#include <optional>
#include <string_view>

#include "fake_omni.hpp"

namespace oss::fake_omni {

inline constexpr std::size_t kFaultPhaseCount = 7;

// Clears every fault, restores `usual` (the rate limit given on the command line), then sets phase
// `index % kFaultPhaseCount`; returns its name for the server's log.
std::string_view enter_fault_phase(FakeOmni& server, std::size_t index, const std::optional<RateLimit>& usual);

}  // namespace oss::fake_omni
