#pragma once
// A request as the bytes that go on the wire, in one buffer that is wiped when freed. Handed to the TLS stream as
// a single buffer, because Asio's SSL write flattens a sequence of buffers (Beast's header, body) through an
// 8 KiB array on its stack first: a plaintext copy of every request, key included, that nothing ever wipes.
#include <vector>

#include "net/https_connection.hpp"

namespace oss::net {

using RequestBytes = std::vector<char, WipingAllocator<char>>;

RequestBytes serialize_request(const Request& request);

}  // namespace oss::net
