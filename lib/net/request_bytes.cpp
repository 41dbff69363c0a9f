#include "net/request_bytes.hpp"

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/system/system_error.hpp>

namespace oss::net {

namespace beast = boost::beast;
namespace http = beast::http;

RequestBytes serialize_request(const Request& request) {
  http::request_serializer<http::string_body, WipedFields> serializer(request);
  RequestBytes bytes;
  bytes.reserve(request.body().size() + 1024);   // the header fits: growing would copy (and wipe) the bytes again
  beast::error_code error;
  while (!serializer.is_done()) {
    std::size_t taken = 0;
    serializer.next(error, [&](beast::error_code&, const auto& buffers) {
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        const char* data = static_cast<const char*>(buffer.data());
        bytes.insert(bytes.end(), data, data + buffer.size());
        taken += buffer.size();
      }
    });
    if (error) throw boost::system::system_error(error, "serialising the request");
    serializer.consume(taken);
  }
  return bytes;
}

}  // namespace oss::net
