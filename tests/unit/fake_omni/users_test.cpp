// SCIM users over real TLS: CRUD, uniqueness, paging, filter, PUT/PATCH semantics, strictness, embed users.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "fake_omni_fixture.hpp"

namespace oss::fake_omni::testing {
namespace {

namespace json = boost::json;

class UsersTest : public FakeOmniTest {};

TEST_F(UsersTest, CreateReturnsOmnisUserShape) {
  auto response = org_->post(kUsers, user_body("Blob.Ross@blobsrus.co", "Blob Ross",
                                               R"(,"urn:omni:params:1.0:UserAttribute":{"region":"us-east"})"));
  ASSERT_EQ(response.result_int(), 201u) << response.body();
  json::object user = json_of(response).as_object();
  EXPECT_EQ(user.at("id").as_string().size(), 36u);  // a UUID
  EXPECT_EQ(user.at("userName"), "Blob.Ross@blobsrus.co");
  EXPECT_EQ(user.at("displayName"), "Blob Ross");
  EXPECT_EQ(user.at("active"), true);
  EXPECT_EQ(user.at("emails").at(0).at("value"), "Blob.Ross@blobsrus.co");
  EXPECT_TRUE(user.at("groups").as_array().empty());
  EXPECT_EQ(user.at("meta").at("resourceType"), "User");
  EXPECT_EQ(user.at("urn:omni:params:1.0:UserAttribute").at("region"), "us-east");
  EXPECT_EQ(user.at("schemas").as_array().size(), 3u);
  EXPECT_EQ(server_.user_count(), 1u);
}

TEST_F(UsersTest, GetByIdAndUnknownId) {
  std::string id = create_user("a@b.co", "A");
  auto found = org_->get(std::string(kUsers) + "/" + id);
  ASSERT_EQ(found.result_int(), 200u);
  EXPECT_EQ(json_of(found).at("userName"), "a@b.co");
  auto missing = org_->get(std::string(kUsers) + "/00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(missing.result_int(), 404u);
  EXPECT_EQ(json_of(missing).at("schemas").at(0), "urn:ietf:params:scim:api:messages:2.0:Error");
}

TEST_F(UsersTest, DuplicateUserNameInAnotherCaseIsAConflict) {
  create_user("blob.ross@blobsrus.co");
  auto response = org_->post(kUsers, user_body("BLOB.Ross@BlobsRUs.co", "Again"));
  ASSERT_EQ(response.result_int(), 409u);
  json::value error = json_of(response);
  EXPECT_EQ(error.at("detail"), "User with this email already exists");
  EXPECT_EQ(error.at("status"), "409");
  EXPECT_EQ(server_.user_count(), 1u);
}

TEST_F(UsersTest, CreateIsStrictAboutSchemasAndRequiredFields) {
  auto no_schemas = org_->post(kUsers, R"({"userName":"a@b.co","displayName":"A"})");
  EXPECT_EQ(no_schemas.result_int(), 400u);
  auto no_display = org_->post(kUsers, R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.co"})");
  EXPECT_EQ(no_display.result_int(), 400u);
  auto attributes_without_urn = org_->post(
      kUsers, R"({"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b.co","displayName":"A",)"
              R"("urn:omni:params:1.0:UserAttribute":{"region":"eu"}})");
  EXPECT_EQ(attributes_without_urn.result_int(), 400u);
  auto nested_attribute = org_->post(kUsers, user_body("a@b.co", "A", R"(,"urn:omni:params:1.0:UserAttribute":{"x":{"y":1}})"));
  EXPECT_EQ(nested_attribute.result_int(), 400u);
  auto not_json = org_->post(kUsers, "{not json");
  EXPECT_EQ(not_json.result_int(), 400u);
  EXPECT_EQ(server_.user_count(), 0u);
}

TEST_F(UsersTest, BodyMustBeJson) {
  auto response = client_->request("POST", kUsers, user_body("a@b.co", "A"),
                                   {{"Authorization", std::string("Bearer ") + kOrgKey}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(response.result_int(), 415u);
}

TEST_F(UsersTest, PagingFollowsCreationOrderAndCapsAt100) {
  for (int i = 0; i < 230; ++i) server_.seed_user({"user" + std::to_string(i) + "@b.co", "U" + std::to_string(i)});
  auto first = json_of(org_->get(std::string(kUsers) + "?startIndex=1&count=500"));
  EXPECT_EQ(first.at("totalResults"), 230);
  EXPECT_EQ(first.at("itemsPerPage"), 100);
  EXPECT_EQ(first.at("startIndex"), 1);
  EXPECT_EQ(first.at("Resources").as_array().size(), 100u);
  EXPECT_EQ(first.at("Resources").at(0).at("userName"), "user0@b.co");
  EXPECT_EQ(first.at("schemas").at(0), "urn:ietf:params:scim:api:messages:2.0:ListResponse");

  auto last = json_of(org_->get(std::string(kUsers) + "?startIndex=201&count=100"));
  EXPECT_EQ(last.at("itemsPerPage"), 30);
  EXPECT_EQ(last.at("Resources").at(0).at("userName"), "user200@b.co");
  auto past_end = json_of(org_->get(std::string(kUsers) + "?startIndex=231"));
  EXPECT_EQ(past_end.at("itemsPerPage"), 0);
  EXPECT_EQ(past_end.at("totalResults"), 230);
  auto default_count = json_of(org_->get(kUsers));
  EXPECT_EQ(default_count.at("itemsPerPage"), 100);
}

TEST_F(UsersTest, SmallerConfiguredPageCap) {
  server_.set_max_page_size(7);
  for (int i = 0; i < 10; ++i) server_.seed_user({"u" + std::to_string(i) + "@b.co", "U"});
  auto page = json_of(org_->get(std::string(kUsers) + "?count=100"));
  EXPECT_EQ(page.at("itemsPerPage"), 7);
  EXPECT_EQ(page.at("totalResults"), 10);
}

TEST_F(UsersTest, BadPagingParametersAre400) {
  EXPECT_EQ(org_->get(std::string(kUsers) + "?startIndex=abc").result_int(), 400u);
  EXPECT_EQ(org_->get(std::string(kUsers) + "?filter=displayName%20co%20%22x%22").result_int(), 400u);
}

TEST_F(UsersTest, FilterByUserNameIgnoresCase) {
  create_user("first@b.co");
  create_user("Blob.Ross@blobsrus.co");
  auto page = json_of(org_->get(std::string(kUsers) + "?filter=userName%20eq%20%22blob.ross%40BLOBSRUS.co%22"));
  EXPECT_EQ(page.at("totalResults"), 1);
  EXPECT_EQ(page.at("Resources").at(0).at("userName"), "Blob.Ross@blobsrus.co");
  auto none = json_of(org_->get(std::string(kUsers) + "?filter=userName%20eq%20%22nobody%40b.co%22"));
  EXPECT_EQ(none.at("totalResults"), 0);
  EXPECT_TRUE(none.at("Resources").as_array().empty());
}

TEST_F(UsersTest, PutIsAFullReplace) {
  std::string id = create_user("a@b.co", "A");
  ASSERT_EQ(org_->patch(std::string(kUsers) + "/" + id,
                        R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
                        R"({"op":"replace","path":"active","value":false},)"
                        R"({"op":"replace","value":{"urn:omni:params:1.0:UserAttribute":{"region":"eu"}}}]})")
                .result_int(),
            200u);
  auto replaced = org_->put(std::string(kUsers) + "/" + id, user_body("a@b.co", "A Renamed"));
  ASSERT_EQ(replaced.result_int(), 200u) << replaced.body();
  auto stored = server_.find_user("A@B.CO");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->display_name, "A Renamed");
  EXPECT_TRUE(stored->active);               // omitted: back to the default
  EXPECT_TRUE(stored->attributes.empty());   // omitted: cleared
  EXPECT_EQ(org_->put(std::string(kUsers) + "/nope", user_body("a@b.co", "A")).result_int(), 404u);
}

TEST_F(UsersTest, PatchDocumentedForms) {
  std::string id = create_user("a@b.co", "A");
  server_.seed_user({"other@b.co", "Other"});
  std::string target = std::string(kUsers) + "/" + id;
  auto first = org_->patch(target, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
                                   R"({"op":"Replace","path":"displayName","value":"New"},)"
                                   R"({"op":"ADD","value":{"urn:omni:params:1.0:UserAttribute":{"region":"eu","team":["a",1,true]}}}]})");
  ASSERT_EQ(first.result_int(), 200u) << first.body();
  EXPECT_EQ(json_of(first).at("urn:omni:params:1.0:UserAttribute").at("team").as_array().size(), 3u);
  auto second = org_->patch(target, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
                                    R"({"op":"replace","value":{"urn:omni:params:1.0:UserAttribute":{"region":null}}},)"
                                    R"({"op":"replace","path":"active","value":false}]})");
  ASSERT_EQ(second.result_int(), 200u) << second.body();
  auto stored = server_.find_user("a@b.co");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->display_name, "New");
  EXPECT_FALSE(stored->active);
  EXPECT_EQ(stored->attributes.if_contains("region"), nullptr);
  EXPECT_NE(stored->attributes.if_contains("team"), nullptr);
  // The other user is untouched.
  EXPECT_EQ(server_.find_user("other@b.co")->display_name, "Other");
}

TEST_F(UsersTest, PatchIsStrictAndAtomic) {
  std::string id = create_user("a@b.co", "A");
  std::string target = std::string(kUsers) + "/" + id;
  // No PatchOp URN.
  EXPECT_EQ(org_->patch(target, R"({"Operations":[{"op":"replace","path":"active","value":false}]})").result_int(), 400u);
  // The first operation is fine, the second is not: nothing changes.
  auto bad = org_->patch(target, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
                                 R"({"op":"replace","path":"displayName","value":"Changed"},)"
                                 R"({"op":"replace","path":"active","value":"False"}]})");
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_EQ(server_.find_user("a@b.co")->display_name, "A");
  EXPECT_EQ(org_->patch(target, R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
                                R"({"op":"move","path":"active","value":false}]})").result_int(), 400u);
  EXPECT_EQ(org_->patch(std::string(kUsers) + "/nope",
                        R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[)"
                        R"({"op":"replace","path":"active","value":false}]})").result_int(), 404u);
}

TEST_F(UsersTest, DeleteThenRecreateIsANewUser) {
  std::string id = create_user("a@b.co", "A");
  auto deleted = org_->del(std::string(kUsers) + "/" + id);
  EXPECT_EQ(deleted.result_int(), 204u);
  EXPECT_TRUE(deleted.body().empty());
  EXPECT_EQ(org_->del(std::string(kUsers) + "/" + id).result_int(), 404u);
  EXPECT_EQ(server_.user_count(), 0u);
  std::string again = create_user("a@b.co", "A");
  EXPECT_NE(again, id);
}

TEST_F(UsersTest, EmbedUsersAreSeparateAndNotListed) {
  std::string embed_id = server_.seed_embed_user({"embed@b.co", "Embedded"});
  create_user("embed@b.co", "Same email, SCIM user");  // not a conflict: a different population
  auto page = json_of(org_->get(kUsers));
  EXPECT_EQ(page.at("totalResults"), 1);
  EXPECT_EQ(org_->get(std::string(kUsers) + "/" + embed_id).result_int(), 404u);
  auto embed_page = json_of(org_->get("/api/scim/v2/embed/users"));
  EXPECT_EQ(embed_page.at("totalResults"), 1);
  ASSERT_EQ(server_.embed_users().size(), 1u);
  EXPECT_EQ(server_.embed_users()[0].display_name, "Embedded");
}

TEST_F(UsersTest, UnknownRouteIs404AndUppercaseUsersIsNotAnAlias) {
  EXPECT_EQ(org_->get("/api/scim/v2/Users").result_int(), 404u);
  EXPECT_EQ(org_->get("/api/scim/v2/groupz").result_int(), 404u);
}

TEST_F(UsersTest, ConvertsToTheProjectModel) {
  std::string id = server_.seed_user({"a@b.co", "A", false, {{"region", "eu"}, {"level", 3}}});
  model::RemoteUser remote = to_remote_user(*server_.find_user("a@b.co"));
  EXPECT_EQ(remote.id, id);
  EXPECT_FALSE(remote.user.active);
  ASSERT_TRUE(remote.user.attributes.find("level"));
  EXPECT_EQ(*remote.user.attributes.find("level"), model::AttributeValue(3.0));
  EXPECT_EQ(*remote.user.attributes.find("region"), model::AttributeValue(std::string("eu")));
}

}  // namespace
}  // namespace oss::fake_omni::testing
