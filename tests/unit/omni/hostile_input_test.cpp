// Whatever a server sends, the codec answers with a value or a DecodeError: never a crash, a hang or
// another exception, and error text stays short and printable. Seeded, so a failure can be replayed.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "omni/error_body.hpp"
#include "omni/scim_codec.hpp"

namespace oss::omni {
namespace {

constexpr const char* kValidPage = R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  "totalResults":2,"startIndex":1,"itemsPerPage":2,"Resources":[
  {"id":"9e87","userName":"blob.ross@blobsrus.co","displayName":"Blob Ross","active":true,
   "urn:omni:params:1.0:UserAttribute":{"region":"us-east","seats":3,"teams":["a",2,null,true]}},
  {"id":"9e88","userName":"b@b.co","active":false,"urn:omni:params:1.0:UserAttribute":{"x":null}}]})";

std::string mutate(std::string text, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> edits(1, 4);
  for (int k = edits(rng); k > 0; --k) {
    std::uniform_int_distribution<std::size_t> where(0, text.empty() ? 0 : text.size() - 1);
    switch (byte(rng) % 4) {
      case 0: if (!text.empty()) text[where(rng)] = static_cast<char>(byte(rng)); break;
      case 1: if (!text.empty()) text.erase(where(rng), 1); break;
      case 2: text.insert(where(rng), 1, static_cast<char>(byte(rng))); break;
      default: text.resize(where(rng)); break;   // cut short, as a dropped connection would
    }
  }
  return text;
}

bool printable_line(const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

TEST(HostileInput, MutatedPagesDecodeOrThrowDecodeError) {
  std::mt19937_64 rng(20240601);
  int decoded = 0;
  int rejected = 0;
  for (int round = 0; round < 5000; ++round) {
    const std::string body = mutate(kValidPage, rng);
    try {
      const auto page = decode_user_page(body);
      for (const auto& user : page.users) {
        EXPECT_FALSE(user.id.empty());
        EXPECT_FALSE(user.user.user_name.empty());
      }
      ++decoded;
    } catch (const DecodeError& error) {
      const std::string message = error.what();
      ASSERT_TRUE(printable_line(message)) << message;
      ASSERT_LT(message.size(), 400u) << message;
      ++rejected;
    }
  }
  // Both paths were exercised: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(decoded, 100);
  EXPECT_GT(rejected, 100);
}

TEST(HostileInput, RandomBytesMakeAShortPrintableErrorDescription) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> length(0, 3000);
  for (int round = 0; round < 2000; ++round) {
    std::string body(length(rng), '\0');
    for (char& c : body) c = static_cast<char>(byte(rng));
    if (round % 3 == 0 && !body.empty()) body[0] = '<';
    if (round % 3 == 1 && !body.empty()) body[0] = '{';
    const std::string described = describe_error_body(body, round % 2 ? "text/html" : "application/json");
    ASSERT_TRUE(printable_line(described));
    ASSERT_LE(described.size(), 210u);
  }
}

}  // namespace
}  // namespace oss::omni
