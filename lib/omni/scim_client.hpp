#pragma once
// Omni's SCIM API as typed calls, every request going through the rate-limit scheduler.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string_view>
#include <stdexcept>
#include <string>
#include <vector>

#include "secret/secret.hpp"
#include "model/user.hpp"
#include "net/endpoint.hpp"
#include "omni/scim_codec.hpp"
#include "plan/plan.hpp"
#include "schedule/rate_scheduler.hpp"

namespace oss::omni {

// The key cannot do SCIM: a personal access token, or a key Omni refused (401/403). Nothing else will work
// until the configuration changes, so callers stop instead of retrying.
class KeyRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CreateResult {
  model::RemoteUser user;
  bool adopted = false;   // the user already existed (409) and was fetched instead
  int status = 0;
};

class ScimClient {
 public:
  ScimClient(schedule::RateScheduler& scheduler, net::Endpoint endpoint, const secret::ApiKey& key,
             std::size_t page_size);

  // GET /api/v1/whoami. A personal access token throws KeyRefused before any SCIM call; an instance without
  // /whoami (404) gives nullopt, and a later 401/403 from SCIM says the same thing.
  boost::asio::awaitable<std::optional<WhoAmI>> whoami();

  // Every user, page by page. Throws when the pages don't add up to totalResults: a short list would look
  // like people to delete.
  boost::asio::awaitable<std::vector<model::RemoteUser>> list_users();

  // Told, once a list's first page has said how many records there are, how many pages the list will take (the
  // cycle's deadline grows by them).
  void on_list_sized(std::function<void(std::size_t pages)> told) { list_sized_ = std::move(told); }

  boost::asio::awaitable<std::optional<model::RemoteUser>> find_by_user_name(const std::string& user_name);
  // GET /Users/{id}; nullopt when Omni has no such user (404).
  boost::asio::awaitable<std::optional<model::RemoteUser>> get_user(const std::string& id);

  // 409 (the user exists, perhaps created by a POST whose answer we never saw) -> the user is fetched and adopted.
  boost::asio::awaitable<CreateResult> create(const model::User& user);

  // PATCH with only the changed fields / active=false; DELETE. Return the HTTP status: 2xx, or 404 when the
  // user is gone meanwhile. Other answers throw HttpError (or KeyRefused for 401/403).
  boost::asio::awaitable<int> patch(const plan::Update& update);
  boost::asio::awaitable<int> deactivate(const std::string& id);
  boost::asio::awaitable<int> remove(const std::string& id);

 private:
  friend class GroupClient;   // the groups endpoints, sent the same way (lib/omni/group_client.hpp)

  struct PageCount {
    std::size_t total_results = 0;
    std::size_t items = 0;   // resources on this page
  };
  // GETs every page of the SCIM list at `path`; `take_page` decodes one body and keeps its resources. Throws when
  // the pages do not add up to totalResults (`what` names the resource in the message: "user").
  boost::asio::awaitable<void> list_all(const std::string& path,
                                        const std::function<PageCount(std::string_view)>& take_page,
                                        std::string_view what);
  net::Request make_request(boost::beast::http::verb method, std::string target, std::string body = {}) const;
  boost::asio::awaitable<net::Response> send(net::Request request);
  // Sends; any answer but 2xx throws HttpError.
  boost::asio::awaitable<net::Response> send_checked(net::Request request);
  // Sends a write to an existing user: 2xx or 404 (gone meanwhile) are returned, anything else throws.
  boost::asio::awaitable<int> write_existing(net::Request request);
  [[nodiscard]] std::string users_path() const;
  [[nodiscard]] std::string user_path(const std::string& id) const;

  std::function<void(std::size_t)> list_sized_;
  schedule::RateScheduler& scheduler_;
  net::Endpoint endpoint_;
  std::size_t page_size_;
  // "Bearer <key>", made once: a header value built per request would leave a copy of the key in the heap each time.
  secret::Secret authorization_;
};

}  // namespace oss::omni
