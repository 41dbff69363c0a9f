#pragma once
// Short builders for users and operations in the plan and guard tables, and readable gtest output for them.
#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "model/user.hpp"
#include "plan/plan.hpp"
#include "plan/render_text.hpp"

namespace oss::plan {

// gtest prints Operations through these (found by ADL): the plan's own text line plus the id.
inline void PrintTo(const Create& op, std::ostream* os) { *os << operation_line(op); }
inline void PrintTo(const Update& op, std::ostream* os) { *os << operation_line(op) << " [id " << op.id << "]"; }
inline void PrintTo(const Deactivate& op, std::ostream* os) { *os << operation_line(op) << " [id " << op.id << "]"; }
inline void PrintTo(const Delete& op, std::ostream* os) { *os << operation_line(op); }

}  // namespace oss::plan

namespace oss::plan::testing {

using AttributeList = std::vector<std::pair<std::string, model::AttributeValue>>;

inline model::AttributeValue text(std::string value) { return model::AttributeValue{std::move(value)}; }
inline model::AttributeValue number(double value) { return model::AttributeValue{value}; }

inline model::User person(std::string user_name, std::string display_name, bool active = true,
                          const AttributeList& attributes = {}) {
  model::User user{std::move(user_name), std::move(display_name), active, {}, {}};
  for (const auto& [reference, value] : attributes) user.attributes.set(reference, value);
  return user;
}

inline model::RemoteUser at_omni(std::string id, model::User user) { return {std::move(id), std::move(user)}; }

inline std::string random_case(std::string text, std::mt19937& rng) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z' && rng() % 3 == 0) c = static_cast<char>(c - 'a' + 'A');
  return text;
}

// Person n with a randomly cased userName, one of four display names, mostly active, maybe a region and a level
// (a number or the same digit as text).
inline model::User random_user(int n, std::mt19937& rng) {
  const char* regions[] = {"eu", "us", "apac"};
  model::User user = person(random_case("user" + std::to_string(n) + "@x.co", rng), "User " + std::to_string(rng() % 4),
                            rng() % 5 != 0);
  if (rng() % 2) user.attributes.set("region", text(regions[rng() % 3]));
  if (rng() % 3 == 0) user.attributes.set("level", rng() % 2 ? number(1) : text("1"));
  return user;
}

struct RandomLists {
  std::vector<model::User> desired;
  std::vector<model::RemoteUser> remote;
};

// `count` people, each only in the source, only at Omni, or in both (differing at random); the source shuffled.
// `repeat_one_in`: now and then a person is listed twice in the source, or twice at Omni (0: never).
inline RandomLists random_lists(unsigned seed, int count, unsigned repeat_one_in = 0) {
  std::mt19937 rng(seed);
  RandomLists lists;
  for (int n = 0; n < count; ++n) {
    const unsigned where = rng() % 3;
    if (where != 1) lists.desired.push_back(random_user(n, rng));
    if (where != 0) lists.remote.push_back({std::to_string(n), random_user(n, rng)});
    if (repeat_one_in != 0 && rng() % repeat_one_in == 0) lists.desired.push_back(random_user(n, rng));
    if (repeat_one_in != 0 && rng() % repeat_one_in == 0)
      lists.remote.push_back({"dup" + std::to_string(n), random_user(n, rng)});
  }
  std::shuffle(lists.desired.begin(), lists.desired.end(), rng);
  return lists;
}

}  // namespace oss::plan::testing
