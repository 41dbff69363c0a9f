#pragma once
// The keys the fake accepts: organization keys (SCIM allowed) and personal access tokens (keyScope "user":
// SCIM answers 403). Not thread-safe: FakeOmni guards it with its mutex.
#include <string>
#include <string_view>
#include <vector>

namespace oss::fake_omni {

enum class KeyScope { organization, user };

struct ApiKey {
  std::string secret;
  KeyScope scope = KeyScope::organization;
  std::string user_id;        // whoami's user.id: the user who created the key
  std::string membership_id;  // whoami's user.membershipId
  std::string org_role = "ORG_ADMIN";
  bool revoked = false;
};

// Why a request is (not) authenticated; names used in /_fake/requests too.
enum class AuthOutcome { accepted, missing, malformed, unknown, revoked };
const char* to_string(AuthOutcome outcome);

class ApiKeys {
 public:
  struct Check {
    AuthOutcome outcome;
    const ApiKey* key;  // set when accepted
  };

  void add(ApiKey key);  // replaces a key with the same secret
  bool revoke(std::string_view secret);
  // Revokes every key created by this user (Omni's keys stop working when their user is removed).
  void revoke_keys_of_user(std::string_view user_id);
  // Checks an Authorization header value ("Bearer <key>"; the scheme is case-insensitive as in RFC 7235).
  [[nodiscard]] Check check(std::string_view authorization) const;
  [[nodiscard]] const ApiKey* find(std::string_view secret) const;

 private:
  std::vector<ApiKey> keys_;
};

}  // namespace oss::fake_omni
