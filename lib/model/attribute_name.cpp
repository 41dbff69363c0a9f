#include "model/attribute_name.hpp"

#include <memory>
#include <mutex>
#include <unordered_map>

namespace oss::model {

namespace {

struct NameTable {
  std::mutex mutex;
  // Keyed by a view of the entry's own text; entries are heap nodes, so handles stay put while the map rehashes.
  std::unordered_map<std::string_view, std::unique_ptr<detail::InternedName>> names;
  std::uint64_t epoch = 0;  // how many sweeps have run
};

NameTable& table() {
  static NameTable* const instance = new NameTable;  // never destroyed: handles may outlive static destructors
  return *instance;
}

}  // namespace

AttributeName::AttributeName(std::string_view text) {
  NameTable& names = table();
  const std::lock_guard lock(names.mutex);
  auto found = names.names.find(text);
  if (found == names.names.end()) {
    auto interned = std::make_unique<detail::InternedName>();
    interned->text = text;
    found = names.names.emplace(interned->text, std::move(interned)).first;
  }
  found->second->looked_up = names.epoch;
  name_ = found->second.get();
}

std::size_t release_unused_attribute_names() {
  NameTable& names = table();
  const std::lock_guard lock(names.mutex);
  std::size_t released = 0;
  // Looked up during the epoch that ends now: perhaps on its way into an Attributes, so kept one sweep longer.
  for (auto it = names.names.begin(); it != names.names.end();) {
    const detail::InternedName& name = *it->second;
    if (name.holders.load(std::memory_order_acquire) == 0 && name.looked_up < names.epoch) {
      it = names.names.erase(it);
      ++released;
    } else {
      ++it;
    }
  }
  ++names.epoch;
  return released;
}

std::size_t interned_attribute_names() {
  NameTable& names = table();
  const std::lock_guard lock(names.mutex);
  return names.names.size();
}

}  // namespace oss::model
