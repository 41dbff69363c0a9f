// The audit log on a full filesystem (issue 21, finding 5): a write Omni accepted whose audit line cannot be
// written is reported as "applied, not audited", never as failed, and the apply stops at once so that nothing
// more is sent unrecorded.
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <gmock/gmock.h>

#include "fault_harness.hpp"

namespace oss::testing {
namespace {

using ::testing::HasSubstr;

class AuditFullDisk : public FaultTest {
 protected:
  void SetUp() override {
    full_ = dir_ / "full";
    std::filesystem::create_directory(full_);
    // A real filesystem with no room left: a 64 KiB tmpfs (mode 0700, as a state folder must be), filled up.
    ASSERT_EQ(::mount("tmpfs", full_.c_str(), "tmpfs", 0, "size=64k,mode=0700"), 0)
        << "cannot mount a tmpfs for the full-disk test (the suite runs as root): " << std::strerror(errno);
    mounted_ = true;
    std::ofstream filler(full_ / "filler", std::ios::binary);
    const std::string block(4096, '\0');
    for (int i = 0; i < 64 && filler; ++i) filler.write(block.data(), block.size());
  }
  void TearDown() override {
    if (mounted_) ::umount2(full_.c_str(), MNT_DETACH);
  }

  std::filesystem::path full_;
  bool mounted_ = false;
};

TEST_F(AuditFullDisk, WritesOmniAcceptedAreReportedAppliedNotAuditedAndTheApplyStops) {
  seed_scenario();
  write_config();
  support::write_file(dir_ / "config.yaml",
                      support::read_file(dir_ / "config.yaml") + "audit_log: " + (full_ / "audit.log").string() + "\n");

  const auto run = sync();

  EXPECT_EQ(run.code(), 1) << run.out << run.err;
  const std::size_t accepted = writes_since(0);
  ASSERT_GT(accepted, 0u) << run.err;
  EXPECT_LT(accepted, 40u) << "the apply went on sending after the audit log failed";
  const auto summary = parse_summary(run.out);
  ASSERT_TRUE(summary) << run.out;
  EXPECT_EQ(summary->failed, 0u) << "writes Omni accepted were reported as failed:\n" << run.out;
  EXPECT_EQ(summary->applied, accepted) << run.out;
  EXPECT_THAT(run.out, HasSubstr("applied but not audited " + std::to_string(accepted)));
  EXPECT_THAT(run.err, HasSubstr("applied, not audited: create "));
  EXPECT_THAT(run.err, HasSubstr("No space left on device"));
  EXPECT_EQ(support::read_file(full_ / "audit.log"), "");
}

}  // namespace
}  // namespace oss::testing
