#pragma once
// metrics.listen: "host:port" or "[v6]:port".
#include <optional>
#include <string>
#include <string_view>

namespace oss::config {

// nullopt when `text` is a valid listen address; otherwise what is wrong with it.
std::optional<std::string> listen_address_problem(std::string_view text);

}  // namespace oss::config
