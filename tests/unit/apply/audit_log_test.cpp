#include "apply/audit_log.hpp"

#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <system_error>
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

void write_raw(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string read_raw(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What a SIGKILL in the middle of a write leaves (seen in the crash convergence test under ASan).
TEST(AuditLog, ATornLastLineLeftByAKilledRunIsCutOffOnOpen) {
  char pattern[] = "/tmp/oss-audit-XXXXXX";
  const fs::path root = ::mkdtemp(pattern);
  const auto file = root / "state" / "audit.log";
  const std::string whole = R"({"op":"create","userName":"a@x.co","status":201})" "\n";
  write_raw(file, whole + std::string(5000, 'x') + whole + R"({"op":"create","userName":"b@x.co","fie)");
  {
    AuditLog log(file);
    log.record({"create", "c@x.co", "id-3", {"userName"}, 201, "applied", "", ""});
  }
  const auto lines = lines_of(file);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0] + "\n", whole);
  EXPECT_EQ(lines[1].size(), 5000u + whole.size() - 1);  // earlier content is never touched
  EXPECT_EQ(boost::json::parse(lines[2]).as_object().at("userName").as_string(), "c@x.co");
  fs::remove_all(root);
}

TEST(AuditLog, AWholeFileIsLeftAsItIsAndAFileWithoutAnyNewlineIsCutToNothing) {
  char pattern[] = "/tmp/oss-audit-XXXXXX";
  const fs::path root = ::mkdtemp(pattern);
  const auto file = root / "audit.log";
  write_raw(file, "{}\n{}\n");
  { AuditLog log(file); }
  EXPECT_EQ(read_raw(file), "{}\n{}\n");
  write_raw(file, R"({"op":"cre)");
  { AuditLog log(file); }
  EXPECT_EQ(read_raw(file), "");
  fs::remove_all(root);
}

TEST(AuditLog, AFileWithNoNewlineInItsLastMebibyteIsRefusedNotCut) {
  char pattern[] = "/tmp/oss-audit-XXXXXX";
  const fs::path root = ::mkdtemp(pattern);
  const auto file = root / "audit.log";
  const std::string foreign = "{}\n" + std::string((std::size_t{1} << 20) + 10, 'x');
  write_raw(file, foreign);
  try {
    AuditLog log(file);
    ADD_FAILURE() << "opened a file it cannot repair";
  } catch (const std::system_error& error) {
    EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos) << error.what();
  }
  EXPECT_EQ(read_raw(file), foreign);
  fs::remove_all(root);
}

}  // namespace
}  // namespace oss::apply
