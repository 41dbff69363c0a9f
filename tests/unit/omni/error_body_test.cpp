#include <gtest/gtest.h>

#include <string>

#include "omni/error_body.hpp"

namespace oss::omni {
namespace {

struct ErrorBodyCase {
  std::string name;
  std::string body;
  std::string content_type;
  std::string expected;
  friend void PrintTo(const ErrorBodyCase& c, std::ostream* os) { *os << c.name; }
};

class DescribeErrorBody : public ::testing::TestWithParam<ErrorBodyCase> {};

TEST_P(DescribeErrorBody, GivesOneReadableLine) {
  EXPECT_EQ(describe_error_body(GetParam().body, GetParam().content_type), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, DescribeErrorBody,
    ::testing::Values(
        ErrorBodyCase{"ScimError",
                      R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409",
                          "detail":"User with this email already exists"})",
                      "application/scim+json", "User with this email already exists"},
        ErrorBodyCase{"OmniGeneric", R"({"error":"Bad Request","message":"Invalid patch operation"})",
                      "application/json", "Bad Request: Invalid patch operation"},
        ErrorBodyCase{"MessageOnly", R"({"message":"Rate limit exceeded"})", "application/json",
                      "Rate limit exceeded"},
        ErrorBodyCase{"ErrorOnly", R"({"error":"Unauthorized"})", "application/json", "Unauthorized"},
        ErrorBodyCase{"OtherJsonIsCompacted", "{ \"code\" : 17,\n  \"why\" : [1, 2] }", "application/json",
                      R"({"code":17,"why":[1,2]})"},
        ErrorBodyCase{"ErrorAsObjectIsCompacted", R"({"error":{"code":5}})", "application/json",
                      R"({"error":{"code":5}})"},
        ErrorBodyCase{"JsonDespiteTheLabel", R"({"detail":"mislabelled"})", "text/plain", "mislabelled"},
        ErrorBodyCase{"DetailWithControlCharacters", "{\"detail\":\"line1\\nline2\\u001b[0m\"}", "application/json",
                      "line1 line2\\x1b[0m"},
        ErrorBodyCase{"PlainText", "  upstream connect error\r\n  or disconnect  ", "text/plain",
                      "upstream connect error or disconnect"},
        ErrorBodyCase{"ProxyHtml",
                      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
                      "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                      "text/html", "502 Bad Gateway 502 Bad Gateway nginx"},
        ErrorBodyCase{"HtmlScriptsStylesAndEntitiesDropped",
                      "<!DOCTYPE html><html><style>body{color:red}</style><script>var a = 1 < 2;</script>"
                      "<p>Service&nbsp;unavailable &amp; retry &lt;later&gt;</p></html>",
                      "text/html; charset=utf-8", "Service unavailable & retry <later>"},
        ErrorBodyCase{"HtmlByLookWithoutContentType", "<h1>Forbidden</h1>", "", "Forbidden"},
        ErrorBodyCase{"BrokenJsonShownAsText", "{\"detail\": \"cut", "application/json", "{\"detail\": \"cut"},
        ErrorBodyCase{"Empty", "", "application/json", ""},
        ErrorBodyCase{"WhiteSpaceOnly", " \n\t ", "text/plain", ""}),
    [](const ::testing::TestParamInfo<ErrorBodyCase>& info) { return info.param.name; });

TEST(DescribeErrorBody, LongBodiesAreCut) {
  const std::string described = describe_error_body(std::string(100000, 'a'), "text/plain");
  EXPECT_EQ(described, std::string(200, 'a') + "...");
  const std::string detail = describe_error_body(R"({"detail":")" + std::string(5000, 'd') + R"("})", "");
  EXPECT_EQ(detail, std::string(200, 'd') + "...");
}

}  // namespace
}  // namespace oss::omni
