// Fault injection: 503s, dropped connections before and after handling, latency, corrupted list pages.
#include <boost/json/parse.hpp>
#include <boost/system/system_error.hpp>
#include <gtest/gtest.h>

#include "fake_omni_fixture.hpp"

namespace oss::fake_omni::testing {
namespace {

using namespace std::chrono_literals;

class FaultsTest : public FakeOmniTest {};

TEST_F(FaultsTest, FailNextNWith503ThenRecover) {
  server_.faults().fail_next(2);
  for (int i = 0; i < 2; ++i) {
    auto response = org_->get(kUsers);
    EXPECT_EQ(response.result_int(), 503u);
    EXPECT_EQ(response.body(), "Service Unavailable");  // plain text, not JSON
    EXPECT_NE(std::string(response[boost::beast::http::field::content_type]).find("text/plain"), std::string::npos);
  }
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
}

TEST_F(FaultsTest, InjectedFailureHasNoEffect) {
  server_.faults().fail_next(1, 502);
  EXPECT_EQ(org_->post(kUsers, user_body("a@b.co", "A")).result_int(), 502u);
  EXPECT_EQ(server_.user_count(), 0u);
}

TEST_F(FaultsTest, RandomFailuresFollowTheSeed) {
  auto pattern = [&](std::uint64_t seed) {
    server_.faults().reseed(seed);
    server_.faults().fail_randomly(0.5);
    std::string statuses;
    for (int i = 0; i < 24; ++i) statuses += org_->get("/api/v1/whoami").result_int() == 503 ? 'F' : '.';
    server_.faults().fail_randomly(0);
    return statuses;
  };
  std::string first = pattern(42);
  EXPECT_EQ(pattern(42), first);
  EXPECT_NE(first.find('F'), std::string::npos);
  EXPECT_NE(first.find('.'), std::string::npos);
}

TEST_F(FaultsTest, DropBeforeHandlingLosesTheRequest) {
  server_.faults().drop_next(1, DropPoint::before_handling);
  EXPECT_THROW(org_->post(kUsers, user_body("a@b.co", "A")), boost::system::system_error);
  EXPECT_EQ(server_.user_count(), 0u);
  client_->disconnect();
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].dropped);
  EXPECT_EQ(requests[0].status, 0u);
  EXPECT_EQ(org_->post(kUsers, user_body("a@b.co", "A")).result_int(), 201u);
}

TEST_F(FaultsTest, DropAfterHandlingLosesOnlyTheAnswer) {
  server_.faults().drop_next(1, DropPoint::after_handling);
  EXPECT_THROW(org_->post(kUsers, user_body("a@b.co", "A")), boost::system::system_error);
  EXPECT_EQ(server_.user_count(), 1u);  // the write happened
  client_->disconnect();
  auto retry = org_->post(kUsers, user_body("a@b.co", "A"));
  EXPECT_EQ(retry.result_int(), 409u);  // what a client retrying a POST must be ready for
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].dropped);
  EXPECT_EQ(requests[0].status, 201u);
}

TEST_F(FaultsTest, LatencyDelaysTheAnswer) {
  server_.faults().set_latency(150ms);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(org_->get(kUsers).result_int(), 200u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
}

TEST_F(FaultsTest, CorruptedListPages) {
  for (int i = 0; i < 3; ++i) server_.seed_user({"u" + std::to_string(i) + "@b.co", "U"});
  server_.faults().corrupt_next_lists(1, ListCorruption::wrong_total);
  auto wrong = json_of(org_->get(kUsers));
  EXPECT_EQ(wrong.at("totalResults"), 4);
  EXPECT_EQ(wrong.at("Resources").as_array().size(), 3u);

  server_.faults().corrupt_next_lists(1, ListCorruption::truncated);
  EXPECT_THROW(json_of(org_->get(kUsers)), std::runtime_error);
  server_.faults().corrupt_next_lists(1, ListCorruption::not_json);
  auto not_json = org_->get(kUsers);
  EXPECT_EQ(not_json.result_int(), 200u);
  EXPECT_THROW(json_of(not_json), std::runtime_error);
  server_.faults().corrupt_next_lists(1, ListCorruption::html);
  auto html = org_->get(kUsers);
  EXPECT_NE(html.body().find("<html>"), std::string::npos);
  // A GET of one user is not a list and is never corrupted.
  server_.faults().corrupt_next_lists(1, ListCorruption::html);
  EXPECT_EQ(json_of(org_->get(std::string(kUsers) + "/" + server_.users()[0].id)).at("userName"), "u0@b.co");
  // Back to normal after the one corrupted page was spent on the next list.
  org_->get(kUsers);
  EXPECT_EQ(json_of(org_->get(kUsers)).at("totalResults"), 3);
}

}  // namespace
}  // namespace oss::fake_omni::testing
