#include "stored_user.hpp"

namespace oss::fake_omni {
namespace {

std::optional<model::AttributeScalar> to_scalar(const boost::json::value& value) {
  if (value.is_string()) return model::AttributeScalar(std::string(value.get_string()));
  if (value.is_bool()) return model::AttributeScalar(value.get_bool());
  if (value.is_number()) return model::AttributeScalar(value.to_number<double>());
  return std::nullopt;
}

}  // namespace

model::RemoteUser to_remote_user(const StoredUser& user) {
  model::RemoteUser remote;
  remote.id = user.id;
  remote.user.user_name = user.user_name;
  remote.user.display_name = user.display_name;
  remote.user.active = user.active;
  for (const auto& [reference, value] : user.attributes) {
    if (auto scalar = to_scalar(value)) {
      std::visit([&](auto&& held) { remote.user.attributes.set(std::string(reference), held); }, *scalar);
    } else if (value.is_array()) {
      model::AttributeList list;
      for (const auto& item : value.get_array())
        if (auto element = to_scalar(item)) list.push_back(*element);
      remote.user.attributes.set(std::string(reference), std::move(list));
    }
  }
  return remote;
}

}  // namespace oss::fake_omni
