// Groups from the server: read as documented, and ids that would go back into request paths refused by place.
#include <gtest/gtest.h>

#include "omni/group_codec.hpp"
#include "omni/scim_codec.hpp"

namespace oss::omni {
namespace {

std::string error_of(std::string_view body) {
  try {
    decode_group_body(body);
  } catch (const DecodeError& error) {
    return error.what();
  }
  return "(decoded)";
}

TEST(DecodeGroup, ReadsIdNameAndMemberIds) {
  const auto group = decode_group_body(R"({"id":"g-1","displayName":"Sales","members":[{"value":"u_1"},{"value":"u~2"}]})");
  EXPECT_EQ(group.id, "g-1");
  EXPECT_EQ(group.display_name, "Sales");
  EXPECT_EQ(group.member_ids, (std::vector<std::string>{"u_1", "u~2"}));
}

TEST(DecodeGroup, IdsThatWouldChangeARequestPathAreRefusedByPlace) {
  EXPECT_NE(error_of(R"({"id":"..","displayName":"Sales"})").find("id: \"..\" is not an id"), std::string::npos)
      << error_of(R"({"id":"..","displayName":"Sales"})");
  EXPECT_NE(error_of(R"({"id":"..","displayName":"Sales"})").find("(group Sales)"), std::string::npos);
  EXPECT_NE(error_of(R"({"id":"g","members":[{"value":"a?b"}]})").find("members[0].value: contains the byte 0x3f"),
            std::string::npos)
      << error_of(R"({"id":"g","members":[{"value":"a?b"}]})");
  EXPECT_NE(error_of(R"({"id":"","displayName":"Sales"})").find("id: empty"), std::string::npos);
}

}  // namespace
}  // namespace oss::omni
