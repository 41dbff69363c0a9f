#include "fake_omni.hpp"

#include <boost/json/serialize.hpp>
#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include "groups_endpoint.hpp"
#include "responses.hpp"
#include "users_endpoint.hpp"
#include "user_json.hpp"

namespace oss::fake_omni {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

constexpr std::string_view kWhoamiPath = "/api/v1/whoami";
constexpr std::string_view kScimPrefix = "/api/scim/v2/";
constexpr std::string_view kUsersPath = "/api/scim/v2/users";
constexpr std::string_view kEmbedUsersPath = "/api/scim/v2/embed/users";
constexpr std::string_view kGroupsPath = "/api/scim/v2/groups";

std::string path_of(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }

// Matches collection or collection/<id>; the outer optional says whether it matched at all.
std::optional<std::optional<std::string>> match_collection(std::string_view path, std::string_view collection) {
  if (path == collection) return std::optional<std::string>();
  if (!path.starts_with(collection) || path.size() <= collection.size() + 1 || path[collection.size()] != '/')
    return std::nullopt;
  std::string_view id = path.substr(collection.size() + 1);
  if (id.find('/') != std::string_view::npos) return std::nullopt;
  return std::optional<std::string>(std::string(id));
}

std::string unauthorized_message(AuthOutcome outcome) {
  switch (outcome) {
    case AuthOutcome::missing: return "Missing Authorization header";
    case AuthOutcome::malformed: return "Authorization header must be: Bearer <api key>";
    case AuthOutcome::revoked: return "API key has been revoked";
    default: return "Invalid API key";
  }
}

json::array render_users(const std::vector<StoredUser>& users) {
  json::array rendered;
  for (const auto& user : users) rendered.push_back(render_user(user));
  return rendered;
}

}  // namespace

FakeOmni::FakeOmni(FakeOmniOptions options)
    : id_rng_(static_cast<std::mt19937::result_type>(options.seed)),
      options_(options),
      users_([this] { return new_uuid(); }),
      embed_users_([this] { return new_uuid(); }),
      groups_([this] { return new_group_id(); }),
      faults_(options.seed) {
  limiter_.set_limit(options.rate_limit);
}

std::string FakeOmni::new_group_id() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string id;
  for (int i = 0; i < 8; ++i) id += kAlphabet[pick(id_rng_)];
  return id;
}

std::string FakeOmni::new_uuid() { return boost::uuids::to_string(boost::uuids::basic_random_generator<std::mt19937>(id_rng_)()); }

Reply FakeOmni::handle(const Request& request) {
  const auto arrival = std::chrono::steady_clock::now();
  const auto arrival_wall = std::chrono::system_clock::now();
  const std::string path = path_of(request.target());
  if (path.starts_with("/_fake/")) {
    Reply control{handle_control(request)};
    control.response.version(request.version());
    control.response.keep_alive(request.keep_alive());
    control.response.prepare_payload();
    return control;
  }

  RecordedRequest record;
  record.method = std::string(request.method_string());
  record.target = std::string(request.target());
  for (const auto& field : request) record.headers.emplace_back(field.name_string(), field.value());
  record.body = request.body();
  record.arrival = arrival;
  record.arrival_wall = arrival_wall;

  Reply reply;
  reply.delay = faults_.latency();
  const std::optional<DropPoint> drop = faults_.take_drop();
  if (drop == DropPoint::before_handling) {
    record.dropped = true;
    log_.add(std::move(record));
    reply.drop = true;
    return reply;
  }

  Response response;
  {
    std::lock_guard lock(mutex_);
    const ApiKeys::Check check = keys_.check(request[http::field::authorization]);
    record.auth = to_string(check.outcome);
    if (check.outcome != AuthOutcome::accepted) {
      response = generic_error_response(401, unauthorized_message(check.outcome));
    } else if (auto decision = limiter_.admit(check.key->secret, arrival); !decision.admitted) {
      response = generic_error_response(429, "Rate limit exceeded");
      if (auto value = retry_after_value(limiter_.limit()->retry_after, decision.retry_after, arrival_wall))
        response.set(http::field::retry_after, *value);
    } else if (auto failure = faults_.take_failure()) {
      response = plain_text_response(*failure, std::string(http::obsolete_reason(static_cast<http::status>(*failure))));
    } else {
      response = handle_authenticated(request, *check.key, arrival_wall);
    }
  }
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  record.status = response.result_int();
  if (drop == DropPoint::after_handling) {
    record.dropped = true;
    reply.drop = true;
  }
  log_.add(std::move(record));
  reply.response = std::move(response);
  return reply;
}

Response FakeOmni::handle_authenticated(const Request& request, const ApiKey& key,
                                        std::chrono::system_clock::time_point now) {
  const std::string path = path_of(request.target());
  if (path == kWhoamiPath) {
    if (!options_.whoami_available)
      return html_response(404, "<!DOCTYPE html><html><body><h1>404</h1><p>This page could not be found.</p></body></html>");
    if (request.method() != http::verb::get) return generic_error_response(405, "Use GET");
    return whoami(key);
  }
  if (path.starts_with(kScimPrefix) && key.scope == KeyScope::user)
    return generic_error_response(403, "SCIM requires an organization API key; personal access tokens are not allowed");

  const bool is_get = request.method() == http::verb::get;
  if (auto route = match_collection(path, kUsersPath)) {
    ListSettings list{options_.max_page_size, {}};
    if (is_get && !*route) list.corruption = faults_.take_list_corruption();
    Response response = handle_users_request(users_, request, *route, list, now);
    // Omni's keys stop working once the user who created them is removed, and the user leaves every group.
    if (request.method() == http::verb::delete_ && response.result() == http::status::no_content) {
      keys_.revoke_keys_of_user(**route);
      groups_.drop_member(**route);
    }
    return response;
  }
  if (auto route = match_collection(path, kGroupsPath))
    return handle_groups_request(groups_, users_, request, *route, options_.max_page_size, now);
  if (auto route = match_collection(path, kEmbedUsersPath)) {
    ListSettings list{options_.max_page_size, {}};
    if (is_get && !*route) list.corruption = faults_.take_list_corruption();
    return handle_users_request(embed_users_, request, *route, list, now);
  }
  return generic_error_response(404, "No route for " + std::string(request.method_string()) + " " + path);
}

Response FakeOmni::whoami(const ApiKey& key) const {
  json::object body{{"keyScope", key.scope == KeyScope::organization ? "organization" : "user"},
                    {"orgRole", key.org_role},
                    {"user", json::object{{"id", key.user_id}, {"membershipId", key.membership_id}}}};
  return json_response(200, body, "application/json");
}

Response FakeOmni::handle_control(const Request& request) {
  const std::string path = path_of(request.target());
  if (request.method() != http::verb::get) return generic_error_response(405, "control endpoints are GET only");
  if (path == "/_fake/users") return json_response(200, render_users(users()), "application/json");
  if (path == "/_fake/groups") {
    std::lock_guard lock(mutex_);
    json::array rendered;
    for (const auto& group : groups_.all()) rendered.push_back(render_group(group, users_));
    return json_response(200, rendered, "application/json");
  }
  if (path == "/_fake/embed-users") return json_response(200, render_users(embed_users()), "application/json");
  if (path == "/_fake/requests") {
    json::array list;
    for (const auto& recorded : log_.all()) {
      list.push_back(json::object{
          {"method", recorded.method},
          {"target", recorded.target},
          {"status", recorded.status},
          {"dropped", recorded.dropped},
          {"auth", recorded.auth},
          {"content_type", recorded.header("Content-Type").value_or("")},
          {"arrival_ms", std::chrono::duration_cast<std::chrono::milliseconds>(recorded.arrival - started_).count()},
          {"arrival", iso8601(recorded.arrival_wall)},
      });
    }
    return json_response(200, list, "application/json");
  }
  return generic_error_response(404, "unknown control endpoint " + path);
}

std::string FakeOmni::add_key(std::string secret, KeyScope scope, std::optional<std::string> user_id) {
  std::lock_guard lock(mutex_);
  ApiKey key;
  key.secret = std::move(secret);
  key.scope = scope;
  key.user_id = user_id ? *user_id : new_uuid();
  key.membership_id = new_uuid();
  std::string id = key.user_id;
  keys_.add(std::move(key));
  return id;
}

std::string FakeOmni::add_org_key(std::string secret, std::optional<std::string> user_id) {
  return add_key(std::move(secret), KeyScope::organization, std::move(user_id));
}

std::string FakeOmni::add_pat(std::string secret, std::optional<std::string> user_id) {
  return add_key(std::move(secret), KeyScope::user, std::move(user_id));
}

bool FakeOmni::revoke_key(std::string_view secret) {
  std::lock_guard lock(mutex_);
  return keys_.revoke(secret);
}

void FakeOmni::set_rate_limit(std::optional<RateLimit> limit) {
  std::lock_guard lock(mutex_);
  limiter_.set_limit(limit);
}

void FakeOmni::set_max_page_size(std::size_t size) {
  std::lock_guard lock(mutex_);
  options_.max_page_size = size;
}

void FakeOmni::set_whoami_available(bool available) {
  std::lock_guard lock(mutex_);
  options_.whoami_available = available;
}

namespace {

std::string seed_into(UserStore& store, const SeedUser& seed) {
  UserFields fields{seed.user_name, seed.display_name, seed.active, seed.attributes};
  const StoredUser& user = store.create(std::move(fields), std::chrono::system_clock::now(), seed.id);
  if (seed.last_login) store.set_last_login(user.id, *seed.last_login);
  return user.id;
}

}  // namespace

std::string FakeOmni::seed_user(const SeedUser& user) {
  std::lock_guard lock(mutex_);
  return seed_into(users_, user);
}

bool FakeOmni::remove_user_by_hand(const std::string& id) {
  std::lock_guard lock(mutex_);
  return users_.remove(id);
}

void FakeOmni::rename_user_by_hand(const std::string& id, std::string display_name) {
  std::lock_guard lock(mutex_);
  const StoredUser* user = users_.find(id);
  if (!user) throw std::invalid_argument("no user " + id);
  UserFields fields = *user;
  fields.display_name = std::move(display_name);
  users_.save(id, std::move(fields), std::chrono::system_clock::now());
}

std::string FakeOmni::seed_embed_user(const SeedUser& user) {
  std::lock_guard lock(mutex_);
  return seed_into(embed_users_, user);
}

std::vector<StoredUser> FakeOmni::users() const {
  std::lock_guard lock(mutex_);
  return users_.snapshot();
}

std::string FakeOmni::seed_group(std::string display_name, const std::vector<std::string>& member_ids) {
  std::lock_guard lock(mutex_);
  return groups_.create(std::move(display_name), member_ids, std::chrono::system_clock::now()).id;
}

std::vector<StoredGroup> FakeOmni::groups() const {
  std::lock_guard lock(mutex_);
  return groups_.all();
}

std::vector<StoredUser> FakeOmni::embed_users() const {
  std::lock_guard lock(mutex_);
  return embed_users_.snapshot();
}

std::size_t FakeOmni::user_count() const {
  std::lock_guard lock(mutex_);
  return users_.size();
}

std::optional<StoredUser> FakeOmni::find_user(std::string_view user_name) const {
  std::lock_guard lock(mutex_);
  const StoredUser* user = users_.find_by_user_name(user_name);
  return user ? std::optional<StoredUser>(*user) : std::nullopt;
}

}  // namespace oss::fake_omni
