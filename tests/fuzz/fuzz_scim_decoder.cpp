// libFuzzer: the SCIM response decoder on any bytes, as a list page, a user body, whoami and an error body.
// DecodeError is the only way it may refuse them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "omni/error_body.hpp"
#include "omni/scim_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    (void)oss::omni::decode_user_page(body);
  } catch (const oss::omni::DecodeError&) {
  }
  try {
    (void)oss::omni::decode_user_body(body);
  } catch (const oss::omni::DecodeError&) {
  }
  try {
    (void)oss::omni::decode_whoami(body);
  } catch (const oss::omni::DecodeError&) {
  }
  return 0;
}
