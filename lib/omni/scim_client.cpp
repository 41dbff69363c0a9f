#include "omni/scim_client.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "omni/http_error.hpp"

namespace oss::omni {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr const char* kUserAgent = "omni-scim-sync/0.1";
constexpr const char* kKeyAdvice =
    "an organization API key is required: an Organization Admin creates one under Settings > API keys";

bool is_success(const net::Response& response) { return response.result_int() / 100 == 2; }

[[noreturn]] void throw_http_error(const net::Request& request, const net::Response& response) {
  throw HttpError(std::string(request.method_string()), std::string(request.target()), response.result_int(),
                  response.body(), std::string(response[http::field::content_type]));
}

secret::Secret bearer(const secret::ApiKey& key) {
  std::string value;
  value.reserve(7 + key.reveal().size());   // one allocation: no half-grown copy of the key left behind
  value.append("Bearer ").append(key.reveal());
  return secret::Secret(std::move(value));
}

}  // namespace

ScimClient::ScimClient(schedule::RateScheduler& scheduler, net::Endpoint endpoint, const secret::ApiKey& key,
                       std::size_t page_size)
    : scheduler_(scheduler), endpoint_(std::move(endpoint)), page_size_(page_size), authorization_(bearer(key)) {}

std::string ScimClient::users_path() const { return endpoint_.base_path + "/api/scim/v2/users"; }

// Ids come from the server: encode them so that a strange one cannot change the path.
std::string ScimClient::user_path(const std::string& id) const {
  return users_path() + "/" + boost::urls::encode(id, boost::urls::unreserved_chars);
}

net::Request ScimClient::make_request(http::verb method, std::string target, std::string body) const {
  net::Request request{method, target, 11};
  // The only place the key leaves its wrapper; requests are never logged with their headers.
  request.set(http::field::authorization, authorization_.reveal());
  request.set(http::field::accept, "application/scim+json, application/json");
  request.set(http::field::user_agent, kUserAgent);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/scim+json");
    request.body() = std::move(body);
  }
  return request;
}

asio::awaitable<net::Response> ScimClient::send(net::Request request) {
  net::Response response = co_await scheduler_.submit(request);
  const auto status = response.result();
  if (status == http::status::unauthorized || status == http::status::forbidden) {
    scheduler_.drop_queued();
    const std::string call = std::string(request.method_string()) + " " + std::string(request.target());
    // 401: Omni does not know the key at all, so the PAT advice would send the admin the wrong way.
    if (status == http::status::unauthorized)
      throw KeyRefused("Omni did not recognise the API key (401) for " + call +
                       ": check it for a typo, whether it was revoked, and that it belongs to this Omni instance");
    throw KeyRefused("Omni refused the API key (403) for " + call + ": " + kKeyAdvice);
  }
  co_return response;
}

asio::awaitable<std::optional<WhoAmI>> ScimClient::whoami() {
  auto request = make_request(http::verb::get, endpoint_.base_path + "/api/v1/whoami");
  net::Response response = co_await send(request);
  if (response.result() == http::status::not_found) co_return std::nullopt;  // an older instance
  if (!is_success(response)) throw_http_error(request, response);
  WhoAmI who = decode_whoami(response.body());
  if (who.key_scope == "user")
    throw KeyRefused("the API key is a personal access token (keyScope: user); SCIM refuses those: " +
                     std::string(kKeyAdvice));
  co_return who;
}

namespace {

// A list is refused, not read, when Omni's totalResults is beyond any organisation: reading it would hold that many
// records in memory, and a server that says 10^15 means something is wrong, not that it has 10^15 people.
constexpr std::size_t kMostRecordsListed = 5'000'000;
// A server may send fewer than asked (Omni's usual maximum is 100; page_size may be up to 1,000): ten times the
// pages an honest server needs for its first page's total is the most a list may take. Without a bound, a server
// sending one record a page under a huge total keeps a cycle listing for days.
constexpr std::size_t kShortPageAllowance = 10;

}  // namespace

asio::awaitable<void> ScimClient::list_all(const std::string& path, const std::function<PageCount(std::string_view)>& take_page,
                                           std::string_view what) {
  const std::string noun(what);
  std::size_t collected = 0;
  std::size_t start_index = 1;
  std::size_t pages = 0;
  std::size_t page_budget = 1;
  std::optional<std::size_t> expected_total;
  for (;;) {
    if (pages == page_budget)
      throw std::runtime_error("the " + noun + " list took more than " + std::to_string(page_budget) +
                               " pages for totalResults " + std::to_string(expected_total.value_or(0)) + " at " +
                               std::to_string(page_size_) + " a page (the server sends far fewer than asked; lower "
                               "omni.page_size to what it sends); nothing will be removed");
    ++pages;
    auto request = make_request(http::verb::get, path + "?startIndex=" + std::to_string(start_index) +
                                                     "&count=" + std::to_string(page_size_));
    net::Response response = co_await send_checked(std::move(request));
    const PageCount page = take_page(response.body());
    if (expected_total && page.total_results != *expected_total)
      throw std::runtime_error("the " + noun + " list changed size while it was read (totalResults " +
                               std::to_string(*expected_total) + " then " + std::to_string(page.total_results) +
                               "); try again");
    if (!expected_total) {
      if (page.total_results > kMostRecordsListed)
        throw std::runtime_error("Omni says it holds " + std::to_string(page.total_results) + " " + noun +
                                 "s (totalResults), more than this tool lists (" + std::to_string(kMostRecordsListed) +
                                 "); nothing will be removed");
      page_budget = (page.total_results + page_size_ - 1) / page_size_ * kShortPageAllowance + 1;
      if (list_sized_) list_sized_((page.total_results + page_size_ - 1) / page_size_);
    }
    expected_total = page.total_results;
    // Advance by what was actually returned: a server may send fewer than asked.
    start_index += page.items;
    collected += page.items;
    if (page.items == 0 || collected >= page.total_results) break;
  }
  if (collected != expected_total.value_or(0))
    throw std::runtime_error("the " + noun + " list is incomplete: read " + std::to_string(collected) + " " + noun +
                             "s but Omni said " + std::to_string(expected_total.value_or(0)) +
                             " (totalResults); nothing will be removed");
}

asio::awaitable<std::vector<model::RemoteUser>> ScimClient::list_users() {
  std::vector<model::RemoteUser> users;
  co_await list_all(
      users_path(),
      [&users](std::string_view body) {
        UserPage page = decode_user_page(body);
        for (auto& user : page.users) users.push_back(std::move(user));
        return PageCount{page.total_results, page.users.size()};
      },
      "user");
  co_return users;
}

asio::awaitable<std::optional<model::RemoteUser>> ScimClient::find_by_user_name(const std::string& user_name) {
  auto request = make_request(http::verb::get, users_path() + "?filter=" + user_name_filter_query(user_name));
  net::Response response = co_await send(request);
  if (!is_success(response)) throw_http_error(request, response);
  UserPage page = decode_user_page(response.body());
  const std::string wanted = model::normalise_user_name(user_name);
  for (auto& user : page.users)
    if (model::normalise_user_name(user.user.user_name) == wanted) co_return std::move(user);
  co_return std::nullopt;
}

asio::awaitable<std::optional<model::RemoteUser>> ScimClient::get_user(const std::string& id) {
  auto request = make_request(http::verb::get, user_path(id));
  net::Response response = co_await send(request);
  if (response.result() == http::status::not_found) co_return std::nullopt;
  if (!is_success(response)) throw_http_error(request, response);
  co_return decode_user_body(response.body());
}

asio::awaitable<CreateResult> ScimClient::create(const model::User& user) {
  auto request = make_request(http::verb::post, users_path(), encode_create(user));
  net::Response response = co_await send(request);
  if (response.result() == http::status::conflict) {
    if (auto existing = co_await find_by_user_name(user.user_name))
      co_return CreateResult{std::move(*existing), true, static_cast<int>(response.result_int())};
    throw_http_error(request, response);
  }
  if (!is_success(response)) throw_http_error(request, response);
  co_return CreateResult{decode_user_body(response.body()), false, static_cast<int>(response.result_int())};
}

asio::awaitable<net::Response> ScimClient::send_checked(net::Request request) {
  net::Response response = co_await send(request);
  if (!is_success(response)) throw_http_error(request, response);
  co_return response;
}

asio::awaitable<int> ScimClient::write_existing(net::Request request) {
  net::Response response = co_await send(request);
  if (response.result() != http::status::not_found && !is_success(response)) throw_http_error(request, response);
  co_return static_cast<int>(response.result_int());
}

asio::awaitable<int> ScimClient::patch(const plan::Update& update) {
  co_return co_await write_existing(make_request(http::verb::patch, user_path(update.id), encode_patch(update)));
}

asio::awaitable<int> ScimClient::deactivate(const std::string& id) {
  co_return co_await write_existing(make_request(http::verb::patch, user_path(id), encode_deactivate()));
}

asio::awaitable<int> ScimClient::remove(const std::string& id) {
  co_return co_await write_existing(make_request(http::verb::delete_, user_path(id)));
}

}  // namespace oss::omni
