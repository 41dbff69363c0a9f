#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <stdexcept>

#include "omni/scim_codec.hpp"

namespace oss::omni {
namespace {

namespace json = boost::json;

// Object key order is not part of the contract: compare parsed values (json::object equality ignores order).
void expect_json(const std::string& actual, const char* expected) {
  EXPECT_EQ(json::parse(actual), json::parse(expected)) << "actual: " << actual;
}

model::User user_with(model::Attributes attributes) {
  model::User user;
  user.user_name = "blob.ross@blobsrus.co";
  user.display_name = "Blob Ross";
  user.attributes = std::move(attributes);
  return user;
}

TEST(EncodeCreate, WithoutAttributes) {
  model::User user = user_with({});
  user.active = false;
  expect_json(encode_create(user), R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
      "userName":"blob.ross@blobsrus.co","displayName":"Blob Ross","active":false})");
}

TEST(EncodeCreate, WithAttributesAddsTheExtensionSchema) {
  model::Attributes attributes;
  attributes.set("region", std::string("us-east"));
  attributes.set("seats", 3.0);
  attributes.set("ratio", 0.25);
  attributes.set("admin", true);
  attributes.set("teams", model::AttributeList{std::string("a"), 2.0, false});
  expect_json(encode_create(user_with(attributes)), R"({
      "schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:omni:params:1.0:UserAttribute"],
      "userName":"blob.ross@blobsrus.co","displayName":"Blob Ross","active":true,
      "urn:omni:params:1.0:UserAttribute":{"region":"us-east","seats":3,"ratio":0.25,"admin":true,
                                           "teams":["a",2,false]}})");
}

TEST(EncodeCreate, IntegralNumbersAreIntegers) {
  model::Attributes attributes;
  attributes.set("seats", 3.0);
  attributes.set("negative", -42.0);
  attributes.set("huge", 1e20);   // beyond int64: stays a double rather than overflowing
  attributes.set("half", 2.5);
  const auto body = json::parse(encode_create(user_with(attributes)));
  const auto& sent = body.at(model::kUserAttributeSchema).as_object();
  EXPECT_TRUE(sent.at("seats").is_int64());
  EXPECT_EQ(sent.at("seats").as_int64(), 3);
  EXPECT_EQ(sent.at("negative").as_int64(), -42);
  EXPECT_TRUE(sent.at("huge").is_double());
  EXPECT_EQ(sent.at("huge").as_double(), 1e20);
  EXPECT_EQ(sent.at("half").as_double(), 2.5);
  EXPECT_EQ(json::serialize(sent.at("seats")), "3");
}

TEST(EncodeCreate, NonFiniteNumberIsRefusedNamingTheAttribute) {
  model::Attributes attributes;
  attributes.set("score", std::numeric_limits<double>::infinity());
  EXPECT_THAT([&] { encode_create(user_with(attributes)); },
              ::testing::ThrowsMessage<std::invalid_argument>(::testing::HasSubstr("attribute score")));
}

TEST(EncodeCreate, StringsAreEscaped) {
  model::User user = user_with({});
  user.display_name = "Quote \" back\\slash\nnew line";
  const auto body = json::parse(encode_create(user));
  EXPECT_EQ(body.at("displayName").as_string(), "Quote \" back\\slash\nnew line");
}

TEST(EncodePatch, DisplayNameAndActive) {
  plan::Update update;
  update.id = "9e87";
  update.user_name = "a@b.co";
  update.display_name = std::pair<std::string, std::string>{"Old", "New"};
  update.active = true;
  expect_json(encode_patch(update), R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations":[{"op":"replace","path":"displayName","value":"New"},
                    {"op":"replace","path":"active","value":true}]})");
}

TEST(EncodePatch, AttributeChangesAreOnePathlessMergeWithNullToClear) {
  plan::Update update;
  update.id = "9e87";
  update.user_name = "a@b.co";
  update.attributes = {
      plan::AttributeChange{"region", model::AttributeValue{std::string("us-east")}, model::AttributeValue{std::string("eu")}},
      plan::AttributeChange{"seats", std::nullopt, model::AttributeValue{5.0}},
      plan::AttributeChange{"legacy", model::AttributeValue{true}, std::nullopt}};
  expect_json(encode_patch(update), R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations":[{"op":"replace","value":{"urn:omni:params:1.0:UserAttribute":
                       {"region":"eu","seats":5,"legacy":null}}}]})");
}

TEST(EncodePatch, OnlyTheChangedFieldsAreSent) {
  plan::Update update;
  update.id = "9e87";
  update.user_name = "a@b.co";
  update.active = false;
  expect_json(encode_patch(update), R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations":[{"op":"replace","path":"active","value":false}]})");
}

TEST(EncodePatch, AnUpdateWithoutChangesIsRefused) {
  plan::Update update;
  update.id = "9e87";
  update.user_name = "a@b.co";
  EXPECT_THAT([&] { encode_patch(update); },
              ::testing::ThrowsMessage<std::invalid_argument>(::testing::HasSubstr("a@b.co")));
}

TEST(EncodeDeactivate, ReplaceActiveFalse) {
  expect_json(encode_deactivate(), R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      "Operations":[{"op":"replace","path":"active","value":false}]})");
}

TEST(EncodeThenDecode, CreateBodyRoundTripsThroughTheDecoder) {
  model::Attributes attributes;
  attributes.set("region", std::string("us-east"));
  attributes.set("seats", 3.0);
  attributes.set("teams", model::AttributeList{std::string("a"), 2.5});
  const model::User user = user_with(attributes);
  auto resource = json::parse(encode_create(user));
  resource.as_object()["id"] = "1";
  EXPECT_EQ(decode_user(resource).user, user);
}

struct FilterCase {
  const char* user_name;
  const char* query;
  friend void PrintTo(const FilterCase& c, std::ostream* os) { *os << c.user_name; }
};

class UserNameFilter : public ::testing::TestWithParam<FilterCase> {};

TEST_P(UserNameFilter, EscapesThenPercentEncodes) {
  EXPECT_EQ(user_name_filter_query(GetParam().user_name), GetParam().query);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, UserNameFilter,
    ::testing::Values(
        FilterCase{"a@b.co", "userName%20eq%20%22a%40b.co%22"},
        FilterCase{"o'neil+tag@b.co", "userName%20eq%20%22o%27neil%2Btag%40b.co%22"},
        // A quote or backslash inside the name cannot end the SCIM string early.
        FilterCase{"x\" or userName pr \"@b.co", "userName%20eq%20%22x%5C%22%20or%20userName%20pr%20%5C%22%40b.co%22"},
        FilterCase{"back\\slash@b.co", "userName%20eq%20%22back%5C%5Cslash%40b.co%22"},
        // '&' and '=' cannot start another query parameter; '#' cannot end the URL.
        FilterCase{"a&count=1#@b.co", "userName%20eq%20%22a%26count%3D1%23%40b.co%22"},
        FilterCase{"j\xc3\xb6rg@b.co", "userName%20eq%20%22j%C3%B6rg%40b.co%22"}));

}  // namespace
}  // namespace oss::omni
