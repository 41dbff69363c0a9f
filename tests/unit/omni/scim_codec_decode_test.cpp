#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "omni/scim_codec.hpp"

namespace oss::omni {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The user resource exactly as Omni's documentation shows it.
constexpr const char* kDocumentedUser = R"({
  "id": "9e8719d9-276a-4964-9395-a493189a247c", "userName": "blob.ross@blobsrus.co",
  "displayName": "Blob Ross", "active": true,
  "emails": [{"primary": true, "value": "blob.ross@blobsrus.co"}],
  "groups": [{"display": "All Users", "value": "mEhXj6ZI"}],
  "meta": {"created": "2024-01-01T00:00:00.000Z", "lastModified": "2024-01-02T00:00:00.000Z", "resourceType": "User"},
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:omni:params:1.0:UserAttribute",
              "urn:omni:params:scim:schemas:extension:user:2.0"],
  "urn:omni:params:1.0:UserAttribute": {"region": "us-east"},
  "urn:omni:params:scim:schemas:extension:user:2.0": {"lastLogin": "2024-01-03T00:00:00.000Z"} })";

std::string decode_error_of(const std::string& body) {
  try {
    decode_user_body(body);
  } catch (const DecodeError& error) {
    return error.what();
  }
  return "(no error)";
}

std::string page_error_of(const std::string& body) {
  try {
    decode_user_page(body);
  } catch (const DecodeError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(DecodeUser, DocumentedResource) {
  const auto remote = decode_user(boost::json::parse(kDocumentedUser));
  EXPECT_EQ(remote.id, "9e8719d9-276a-4964-9395-a493189a247c");
  EXPECT_EQ(remote.user.user_name, "blob.ross@blobsrus.co");
  EXPECT_EQ(remote.user.display_name, "Blob Ross");
  EXPECT_TRUE(remote.user.active);
  ASSERT_EQ(remote.user.attributes.size(), 1u);
  EXPECT_EQ(*remote.user.attributes.find("region"), model::AttributeValue{std::string("us-east")});
}

TEST(DecodeUser, BodyOverloadGivesTheSameUser) {
  EXPECT_EQ(decode_user_body(kDocumentedUser), decode_user(boost::json::parse(kDocumentedUser)));
}

TEST(DecodeUser, DefaultsForAbsentAndNullFields) {
  const auto absent = decode_user_body(R"({"id":"1","userName":"a@b.co"})");
  EXPECT_TRUE(absent.user.active);
  EXPECT_EQ(absent.user.display_name, "");
  EXPECT_TRUE(absent.user.attributes.empty());

  const auto nulls = decode_user_body(
      R"({"id":"1","userName":"a@b.co","displayName":null,"active":null,"urn:omni:params:1.0:UserAttribute":null})");
  EXPECT_EQ(nulls.user, absent.user);

  EXPECT_FALSE(decode_user_body(R"({"id":"1","userName":"a@b.co","active":false})").user.active);
}

TEST(DecodeUser, AttributeValueKinds) {
  const auto remote = decode_user_body(R"({"id":"1","userName":"a@b.co","urn:omni:params:1.0:UserAttribute":{
      "text":"x", "negative":-3, "big":18446744073709551615, "fraction":2.5, "flag":false,
      "list":["a", 2, true, null, 1.5], "cleared":null, "empty":[]}})");
  const auto& attributes = remote.user.attributes;
  using model::AttributeList;
  using model::AttributeValue;
  EXPECT_EQ(*attributes.find("text"), AttributeValue{std::string("x")});
  EXPECT_EQ(*attributes.find("negative"), AttributeValue{-3.0});
  EXPECT_EQ(*attributes.find("big"), AttributeValue{18446744073709551615.0});
  EXPECT_EQ(*attributes.find("fraction"), AttributeValue{2.5});
  EXPECT_EQ(*attributes.find("flag"), AttributeValue{false});
  // A null inside a list carries no value and is left out; a null attribute is not set at all.
  EXPECT_EQ(*attributes.find("list"), (AttributeValue{AttributeList{std::string("a"), 2.0, true, 1.5}}));
  EXPECT_FALSE(attributes.find("cleared"));
  EXPECT_EQ(*attributes.find("empty"), AttributeValue{AttributeList{}});
  EXPECT_EQ(attributes.size(), 7u);
}

struct WrongUser {
  const char* body;
  const char* message;
  friend void PrintTo(const WrongUser& c, std::ostream* os) { *os << c.body; }
};

class DecodeUserRejects : public ::testing::TestWithParam<WrongUser> {};

TEST_P(DecodeUserRejects, NamesTheField) { EXPECT_EQ(decode_error_of(GetParam().body), GetParam().message); }

INSTANTIATE_TEST_SUITE_P(
    WrongTypes, DecodeUserRejects,
    ::testing::Values(
        WrongUser{R"({"userName":"a@b.co"})", "id: missing"},
        WrongUser{R"({"id":7,"userName":"a@b.co"})", "id: expected a string, got a number"},
        WrongUser{R"({"id":"","userName":"a@b.co"})", "id: empty"},
        // Ids go back into request paths: "." and ".." would be normalised into another resource by a proxy.
        WrongUser{R"({"id":"..","userName":"a@b.co"})",
                  "id: \"..\" is not an id: a proxy that normalises paths would send the call elsewhere (user a@b.co)"},
        WrongUser{R"({"id":".","userName":"a@b.co"})",
                  "id: \".\" is not an id: a proxy that normalises paths would send the call elsewhere (user a@b.co)"},
        WrongUser{R"({"id":"1/../../groups/7","userName":"a@b.co"})",
                  "id: contains the byte 0x2f; an id is letters, digits, '-', '.', '_' and '~' (refused rather than "
                  "sent in a request path) (user a@b.co)"},
        WrongUser{R"({"id":"1"})", "userName: missing"},
        WrongUser{R"({"id":"1","userName":null})", "userName: missing"},
        WrongUser{R"({"id":"1","userName":["a@b.co"]})", "userName: expected a string, got an array"},
        WrongUser{R"({"id":"1","userName":""})", "userName: empty"},
        WrongUser{R"({"id":"1","userName":"a@b.co","displayName":{}})", "displayName: expected a string, got an object"},
        WrongUser{R"({"id":"1","userName":"a@b.co","active":"true"})", "active: expected a bool, got a string"},
        WrongUser{R"({"id":"1","userName":"a@b.co","active":1})", "active: expected a bool, got a number"},
        WrongUser{R"({"id":"1","userName":"a@b.co","urn:omni:params:1.0:UserAttribute":[]})",
                  "urn:omni:params:1.0:UserAttribute: expected an object, got an array"},
        WrongUser{R"({"id":"1","userName":"a@b.co","urn:omni:params:1.0:UserAttribute":{"r":{"x":1}}})",
                  "urn:omni:params:1.0:UserAttribute.r: expected a string, number or bool, got an object"},
        WrongUser{R"({"id":"1","userName":"a@b.co","urn:omni:params:1.0:UserAttribute":{"r":[1,[2]]}})",
                  "urn:omni:params:1.0:UserAttribute.r[1]: expected a string, number or bool, got an array"}));

TEST(DecodeUser, ResourceThatIsNotAnObject) {
  try {
    decode_user(boost::json::parse(R"(["not", "a", "user"])"));
    FAIL() << "no DecodeError";
  } catch (const DecodeError& error) {
    EXPECT_STREQ(error.what(), "user: expected an object, got an array");
  }
}

TEST(DecodeUserPage, FullPage) {
  const std::string body = std::string(R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      "totalResults":250,"startIndex":101,"itemsPerPage":2,"Resources":[)") +
                           kDocumentedUser + R"(,{"id":"2","userName":"b@b.co","active":false}]})";
  const auto page = decode_user_page(body);
  EXPECT_EQ(page.total_results, 250u);
  EXPECT_EQ(page.start_index, 101u);
  EXPECT_EQ(page.items, 2u);
  ASSERT_EQ(page.users.size(), 2u);
  EXPECT_EQ(page.users[0].user.user_name, "blob.ross@blobsrus.co");
  EXPECT_EQ(page.users[1].id, "2");
  EXPECT_FALSE(page.users[1].user.active);
}

TEST(DecodeUserPage, EmptyPageWithoutResources) {
  const auto page = decode_user_page(R"({"totalResults":0})");
  EXPECT_EQ(page.total_results, 0u);
  EXPECT_EQ(page.start_index, 1u);
  EXPECT_EQ(page.items, 0u);
  EXPECT_TRUE(page.users.empty());
}

TEST(DecodeUserPage, ItemsDefaultToTheResourcesReturned) {
  const auto page = decode_user_page(R"({"totalResults":5,"Resources":[{"id":"1","userName":"a@b.co"}]})");
  EXPECT_EQ(page.items, 1u);
}

struct WrongPage {
  std::string body;
  std::string message;
  friend void PrintTo(const WrongPage& c, std::ostream* os) { *os << c.body; }
};

class DecodeUserPageRejects : public ::testing::TestWithParam<WrongPage> {};

TEST_P(DecodeUserPageRejects, SaysWhatIsWrong) { EXPECT_EQ(page_error_of(GetParam().body), GetParam().message); }

INSTANTIATE_TEST_SUITE_P(
    WrongShapes, DecodeUserPageRejects,
    ::testing::Values(
        WrongPage{R"({"Resources":[]})", "totalResults: missing"},
        WrongPage{R"({"totalResults":null})", "totalResults: missing"},
        WrongPage{R"({"totalResults":"3"})", "totalResults: expected a non-negative integer, got a string"},
        WrongPage{R"({"totalResults":-1})", "totalResults: expected a non-negative integer, got -1"},
        WrongPage{R"({"totalResults":2.5})", "totalResults: expected a non-negative integer, got a number"},
        WrongPage{R"({"totalResults":1,"startIndex":true})", "startIndex: expected a non-negative integer, got a bool"},
        WrongPage{R"({"totalResults":1,"itemsPerPage":-5})", "itemsPerPage: expected a non-negative integer, got -5"},
        WrongPage{R"({"totalResults":1,"Resources":{}})", "Resources: expected an array, got an object"},
        WrongPage{R"({"totalResults":4,"Resources":[{"id":"1","userName":"a@b.co"},{"id":"2","userName":"b@b.co"},
                     {"id":"3","userName":"c@b.co"},{"id":"4","userName":5}]})",
                  "Resources[3].userName: expected a string, got a number"},
        WrongPage{R"({"totalResults":1,"Resources":["x"]})", "Resources[0]: expected an object, got a string"},
        WrongPage{R"({"totalResults":1,"Resources":[{"id":"1","userName":"a@b.co",
                     "urn:omni:params:1.0:UserAttribute":{"r":{}}}]})",
                  "Resources[0].urn:omni:params:1.0:UserAttribute.r: expected a string, number or bool, got an object"},
        WrongPage{"", "response body is empty"},
        WrongPage{" \r\n", "response body is empty"},
        WrongPage{"[1,2]", "response body: expected a JSON object, got an array: [1,2]"},
        WrongPage{"\"text\"", "response body: expected a JSON object, got a string: \"text\""}));

TEST(DecodeUserPage, NonJsonBodyIsShownAsAShortCleanExcerpt) {
  const std::string html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\x1b[31m" +
                           std::string(1000, 'x') + "</body></html>";
  const std::string message = page_error_of(html);
  EXPECT_THAT(message, StartsWith("response body is not JSON ("));
  EXPECT_THAT(message, HasSubstr("<html> <head><title>502 Bad Gateway</title></head> <body>\\x1b[31mxxx"));
  EXPECT_THAT(message, ::testing::EndsWith("..."));
  EXPECT_LT(message.size(), 300u);
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
}

TEST(DecodeUserPage, TruncatedAndTooDeepJsonAreDecodeErrors) {
  EXPECT_THAT(page_error_of(R"({"totalResults":1,"Resources":[{"id":"1")"), StartsWith("response body is not JSON"));
  // Boost.JSON stops at its depth limit instead of recursing into a hostile body.
  const std::string deep = R"({"totalResults":1,"x":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_THAT(page_error_of(deep), StartsWith("response body is not JSON"));
}

TEST(DecodeWhoAmI, OrganizationKey) {
  const auto who = decode_whoami(
      R"({"keyScope":"organization","orgRole":"ORG_ADMIN","user":{"id":"u-1","membershipId":"m-1"},"extra":1})");
  EXPECT_EQ(who.key_scope, "organization");
  EXPECT_EQ(who.org_role, "ORG_ADMIN");
  EXPECT_EQ(who.user_id, "u-1");
}

TEST(DecodeWhoAmI, AbsentFieldsStayEmpty) {
  const auto who = decode_whoami(R"({"keyScope":"user"})");
  EXPECT_EQ(who.key_scope, "user");
  EXPECT_EQ(who.org_role, "");
  EXPECT_EQ(who.user_id, "");
}

TEST(DecodeWhoAmI, WrongTypesNameTheField) {
  const auto error_of = [](std::string_view body) -> std::string {
    try {
      decode_whoami(body);
    } catch (const DecodeError& error) {
      return error.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(error_of(R"({"keyScope":1})"), "keyScope: expected a string, got a number");
  EXPECT_EQ(error_of(R"({"user":"u-1"})"), "user: expected an object, got a string");
  EXPECT_EQ(error_of(R"({"user":{"id":5}})"), "user.id: expected a string, got a number");
  EXPECT_THAT(error_of("Not Found"), StartsWith("response body is not JSON"));
}

}  // namespace
}  // namespace oss::omni
