#include "apply/audit_log.hpp"

#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace oss::apply {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(AuditLog, AppendsOneJsonObjectPerWriteToA0600File) {
  char pattern[] = "/tmp/oss-audit-XXXXXX";
  const fs::path root = ::mkdtemp(pattern);
  const auto file = root / "state" / "audit.log";
  {
    AuditLog log(file);
    log.record({"create", "a@x.co", "id-1", {"userName", "displayName"}, 201, "applied", "", ""});
  }
  {
    AuditLog log(file);  // reopened: appends, never truncates
    log.record({"delete", "b\"\n@x.co", "id-2", {}, 0, "failed", "POST: 503", ""});
  }
  const auto lines = lines_of(file);
  ASSERT_EQ(lines.size(), 2u);
  const auto first = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(first.at("op").as_string(), "create");
  EXPECT_EQ(first.at("userName").as_string(), "a@x.co");
  EXPECT_EQ(first.at("id").as_string(), "id-1");
  EXPECT_EQ(first.at("status").as_int64(), 201);
  EXPECT_EQ(first.at("fields").as_array().size(), 2u);
  EXPECT_EQ(first.at("time").as_string().size(), std::string("2026-11-28T10:00:00.000Z").size());
  const auto second = boost::json::parse(lines[1]).as_object();
  EXPECT_EQ(second.at("userName").as_string(), "b\"\n@x.co");  // escaped, still one line
  EXPECT_EQ(second.at("error").as_string(), "POST: 503");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  fs::remove_all(root);
}

}  // namespace
}  // namespace oss::apply
