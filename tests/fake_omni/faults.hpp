#pragma once
// Fault injection, set by tests at run time (thread-safe). Random faults draw from a seeded RNG so that a
// failing test replays the same way.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>

namespace oss::fake_omni {

// Where a dropped connection is closed:
//   before_handling: the request is read, then the connection closed; the request has NO effect and is not
//                    counted by the rate limit (as if it was lost on the way in).
//   after_handling:  the request takes effect (a POST creates the user), then the connection is closed
//                    without an answer (the answer was lost on the way out).
enum class DropPoint { before_handling, after_handling };

// What a corrupted list page (GET .../users without an id) looks like; all answered with status 200.
enum class ListCorruption {
  wrong_total,  // totalResults one more than there are users
  huge_total,   // totalResults 10^15
  truncated,    // the JSON cut in half
  not_json,     // plain words under Content-Type: application/scim+json
  html,         // an HTML maintenance page, Content-Type: text/html
};

class Faults {
 public:
  explicit Faults(std::uint64_t seed = 1) : rng_(seed) {}

  // The next `count` requests get `status` (503 by default) with a plain-text body.
  void fail_next(unsigned count, unsigned status = 503);
  // Each request fails with this probability (0 switches it off).
  void fail_randomly(double probability, unsigned status = 503);
  void drop_next(unsigned count, DropPoint where);
  void drop_randomly(double probability, DropPoint where);
  // Every answer waits this long before it is written (other connections are not held up).
  void set_latency(std::chrono::milliseconds latency);
  void corrupt_next_lists(unsigned count, ListCorruption how);
  void reseed(std::uint64_t seed);
  void clear();  // no faults

  // Used by FakeOmni for each request; each consumes what it reports.
  std::optional<DropPoint> take_drop();
  std::optional<unsigned> take_failure();
  std::optional<ListCorruption> take_list_corruption();
  [[nodiscard]] std::chrono::milliseconds latency() const;

 private:
  bool draw(double probability);  // caller holds mutex_

  mutable std::mutex mutex_;
  std::mt19937_64 rng_;
  unsigned fail_count_ = 0;
  unsigned fail_status_ = 503;
  double fail_probability_ = 0;
  unsigned random_fail_status_ = 503;
  unsigned drop_count_ = 0;
  DropPoint drop_point_ = DropPoint::before_handling;
  double drop_probability_ = 0;
  DropPoint random_drop_point_ = DropPoint::before_handling;
  std::chrono::milliseconds latency_{0};
  unsigned corrupt_count_ = 0;
  ListCorruption corruption_ = ListCorruption::wrong_total;
};

}  // namespace oss::fake_omni
