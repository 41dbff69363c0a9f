#include "plan/workload.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace oss::bench {

namespace {

// Person k of the population [0, n + n/100): the first n/100 are only in the source (new), the last n/100
// only at Omni (gone). Of the people in both, every 100th differs at Omni in one field.
constexpr const char* kRegions[] = {"us-east", "us-west", "eu-central", "ap-south"};
constexpr const char* kDepartments[] = {"Engineering", "Sales", "Finance", "Support", "Marketing", "Legal"};

std::string user_name(std::size_t k) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "person.%07zu@example.com", k);
  return buffer;
}

std::string display_name(std::size_t k) { return "Person " + std::to_string(k); }
const char* region(std::size_t k) { return kRegions[k % std::size(kRegions)]; }
const char* department(std::size_t k) { return kDepartments[(k / 7) % std::size(kDepartments)]; }

bool differs_at_omni(const WorkloadShape& shape, std::size_t k) {
  return k >= shape.one_percent() && k < shape.n && (k - shape.one_percent()) % 98 == 0 &&
         (k - shape.one_percent()) / 98 < shape.one_percent();
}

std::string uuid_like(std::mt19937_64& rng) {
  const std::uint64_t a = rng(), b = rng();
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-a%03x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>(a >> 16) & 0xffffu, static_cast<unsigned>(a) & 0xfffu,
                static_cast<unsigned>(b >> 48) & 0xfffu, static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buffer;
}

std::vector<std::size_t> shuffled(std::size_t first, std::size_t last, std::uint64_t seed) {
  std::vector<std::size_t> order(last - first);
  std::iota(order.begin(), order.end(), first);
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  return order;
}

std::ofstream open_for_writing(const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return out;
}

}  // namespace

std::vector<model::RemoteUser> make_remote_users(const WorkloadShape& shape) {
  std::mt19937_64 id_rng(shape.n * 31 + 7);
  std::vector<model::RemoteUser> remote;
  remote.reserve(shape.n);
  for (const std::size_t k : shuffled(shape.one_percent(), shape.n + shape.one_percent(), shape.n)) {
    model::RemoteUser user;
    user.id = uuid_like(id_rng);
    user.user.user_name = user_name(k);
    user.user.display_name = display_name(k);
    user.user.attributes.set("department", std::string(department(k)));
    user.user.attributes.set("region", std::string(region(k)));
    if (differs_at_omni(shape, k)) {
      // Alternate the field that differs, so both string and attribute comparisons are exercised.
      if ((k / 98) % 2 == 0)
        user.user.display_name += " (old)";
      else
        user.user.attributes.set("region", std::string("moved"));
    }
    remote.push_back(std::move(user));
  }
  return remote;
}

void write_source_csv(const WorkloadShape& shape, const std::filesystem::path& file) {
  auto out = open_for_writing(file);
  out << "userName,displayName,active,attributes.region,attributes.department\n";
  std::string line;
  for (const std::size_t k : shuffled(0, shape.n, shape.n + 1)) {
    std::string name = user_name(k);
    // Every 50th row in capitals: matching must be case-insensitive, and this is not a change.
    if (k % 50 == 0) std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    line.clear();
    line.append(name).append(",").append(display_name(k)).append(",true,");
    line.append(region(k)).append(",").append(department(k)).append("\n");
    out << line;
  }
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

void write_remote_csv(const std::vector<model::RemoteUser>& remote, const std::filesystem::path& file) {
  auto out = open_for_writing(file);
  out << "id,userName,displayName,active,region,department\n";
  for (const auto& user : remote) {
    const auto text = [&](const char* reference) {
      const std::optional<model::AttributeValue> value = user.user.attributes.find(reference);
      return value ? std::get<std::string>(*value) : std::string();
    };
    out << user.id << ',' << user.user.user_name << ',' << user.user.display_name << ','
        << (user.user.active ? "true" : "false") << ',' << text("region") << ',' << text("department") << '\n';
  }
  if (!out.flush()) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace oss::bench
