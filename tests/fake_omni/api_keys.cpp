#include "api_keys.hpp"

#include <algorithm>
#include <strings.h>

namespace oss::fake_omni {

const char* to_string(AuthOutcome outcome) {
  switch (outcome) {
    case AuthOutcome::accepted: return "accepted";
    case AuthOutcome::missing: return "missing";
    case AuthOutcome::malformed: return "malformed";
    case AuthOutcome::unknown: return "unknown";
    case AuthOutcome::revoked: return "revoked";
  }
  return "unknown";
}

void ApiKeys::add(ApiKey key) {
  std::erase_if(keys_, [&](const ApiKey& existing) { return existing.secret == key.secret; });
  keys_.push_back(std::move(key));
}

bool ApiKeys::revoke(std::string_view secret) {
  for (auto& key : keys_)
    if (key.secret == secret && !key.revoked) return key.revoked = true;
  return false;
}

void ApiKeys::revoke_keys_of_user(std::string_view user_id) {
  for (auto& key : keys_)
    if (key.user_id == user_id) key.revoked = true;
}

const ApiKey* ApiKeys::find(std::string_view secret) const {
  auto found = std::find_if(keys_.begin(), keys_.end(), [&](const ApiKey& key) { return key.secret == secret; });
  return found == keys_.end() ? nullptr : &*found;
}

ApiKeys::Check ApiKeys::check(std::string_view authorization) const {
  if (authorization.empty()) return {AuthOutcome::missing, nullptr};
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size() || ::strncasecmp(authorization.data(), scheme.data(), scheme.size()) != 0)
    return {AuthOutcome::malformed, nullptr};
  std::string_view secret = authorization.substr(scheme.size());
  if (secret.find_first_of(" \t") != std::string_view::npos) return {AuthOutcome::malformed, nullptr};
  const ApiKey* key = find(secret);
  if (!key) return {AuthOutcome::unknown, nullptr};
  if (key->revoked) return {AuthOutcome::revoked, nullptr};
  return {AuthOutcome::accepted, key};
}

}  // namespace oss::fake_omni
