#include "model/attribute_name.hpp"

#include <mutex>
#include <unordered_set>

namespace oss::model {

namespace {

// Looked up by string_view, so that finding a name already in the table allocates nothing.
struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

struct NameTable {
  std::mutex mutex;
  std::unordered_set<std::string, TransparentHash, std::equal_to<>> names;  // node-based: addresses never change
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
  if (found == names.names.end()) found = names.names.emplace(text).first;
  text_ = &*found;
}

}  // namespace oss::model
