#include "faults.hpp"

namespace oss::fake_omni {

void Faults::fail_next(unsigned count, unsigned status) {
  std::lock_guard lock(mutex_);
  fail_count_ = count;
  fail_status_ = status;
}

void Faults::fail_randomly(double probability, unsigned status) {
  std::lock_guard lock(mutex_);
  fail_probability_ = probability;
  random_fail_status_ = status;
}

void Faults::drop_next(unsigned count, DropPoint where) {
  std::lock_guard lock(mutex_);
  drop_count_ = count;
  drop_point_ = where;
}

void Faults::drop_randomly(double probability, DropPoint where) {
  std::lock_guard lock(mutex_);
  drop_probability_ = probability;
  random_drop_point_ = where;
}

void Faults::set_latency(std::chrono::milliseconds latency) {
  std::lock_guard lock(mutex_);
  latency_ = latency;
}

void Faults::corrupt_next_lists(unsigned count, ListCorruption how) {
  std::lock_guard lock(mutex_);
  corrupt_count_ = count;
  corruption_ = how;
}

void Faults::reseed(std::uint64_t seed) {
  std::lock_guard lock(mutex_);
  rng_.seed(seed);
}

void Faults::clear() {
  std::lock_guard lock(mutex_);
  fail_count_ = drop_count_ = corrupt_count_ = 0;
  fail_probability_ = drop_probability_ = 0;
  latency_ = std::chrono::milliseconds(0);
}

bool Faults::draw(double probability) {
  if (probability <= 0) return false;
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < probability;
}

std::optional<DropPoint> Faults::take_drop() {
  std::lock_guard lock(mutex_);
  if (drop_count_ > 0) {
    --drop_count_;
    return drop_point_;
  }
  if (draw(drop_probability_)) return random_drop_point_;
  return std::nullopt;
}

std::optional<unsigned> Faults::take_failure() {
  std::lock_guard lock(mutex_);
  if (fail_count_ > 0) {
    --fail_count_;
    return fail_status_;
  }
  if (draw(fail_probability_)) return random_fail_status_;
  return std::nullopt;
}

std::optional<ListCorruption> Faults::take_list_corruption() {
  std::lock_guard lock(mutex_);
  if (corrupt_count_ == 0) return std::nullopt;
  --corrupt_count_;
  return corruption_;
}

std::chrono::milliseconds Faults::latency() const {
  std::lock_guard lock(mutex_);
  return latency_;
}

}  // namespace oss::fake_omni
