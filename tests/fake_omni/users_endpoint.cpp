#include "users_endpoint.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <charconv>
#include <regex>
#include <strings.h>

#include "list_query.hpp"
#include "responses.hpp"
#include "scim_error.hpp"
#include "user_json.hpp"
#include "user_patch.hpp"

namespace oss::fake_omni {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

// Only the filter a sync needs: userName eq "value" (attribute and operator in any case).
std::string parse_user_name_filter(const std::string& filter) {
  static const std::regex pattern(R"re(^\s*username\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$)re", std::regex::icase);
  std::smatch match;
  if (!std::regex_match(filter, match, pattern))
    throw bad_request("invalidFilter", "unsupported filter: " + filter + " (only userName eq \"...\")");
  std::string value;
  const std::string escaped = match[1].str();
  for (std::size_t i = 0; i < escaped.size(); ++i) value += (escaped[i] == '\\' && i + 1 < escaped.size()) ? escaped[++i] : escaped[i];
  return value;
}

Response corrupt(json::object page, ListCorruption how) {
  switch (how) {
    case ListCorruption::wrong_total:
      page["totalResults"] = page["totalResults"].to_number<std::int64_t>() + 1;
      return json_response(200, page);
    case ListCorruption::huge_total:
      page["totalResults"] = std::int64_t{1'000'000'000'000'000};
      return json_response(200, page);
    case ListCorruption::truncated: {
      std::string text = json::serialize(page);
      Response response = json_response(200, page);
      response.body() = text.substr(0, text.size() / 2);
      return response;
    }
    case ListCorruption::not_json: {
      Response response = json_response(200, page);
      response.body() = "upstream connect error or disconnect/reset before headers";
      return response;
    }
    case ListCorruption::html:
      return html_response(200, "<!DOCTYPE html><html><head><title>Omni</title></head>"
                                "<body><h1>We'll be right back</h1><p>Scheduled maintenance.</p></body></html>");
  }
  return json_response(200, page);
}

Response list_users(const UserStore& store, const Request& request, const ListSettings& settings) {
  ListQuery query = parse_list_query(request.target());
  const PageWindow window = page_window(query, settings.max_page_size);
  const std::size_t start = window.start_index;
  const std::size_t wanted = window.count;

  json::array resources;
  std::size_t total = 0;
  if (query.filter) {
    const StoredUser* match = store.find_by_user_name(parse_user_name_filter(*query.filter));
    total = match ? 1 : 0;
    if (match && start == 1 && wanted > 0) resources.push_back(render_user(*match));
  } else {
    total = store.size();
    for (std::size_t position = start - 1; position < total && resources.size() < wanted; ++position)
      resources.push_back(render_user(store.at(position)));
  }
  json::object page{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                    {"totalResults", total},
                    {"startIndex", start},
                    {"itemsPerPage", resources.size()},
                    {"Resources", std::move(resources)}};
  if (settings.corruption) return corrupt(std::move(page), *settings.corruption);
  return json_response(200, page);
}

const StoredUser& existing(const UserStore& store, const std::string& id) {
  const StoredUser* user = store.find(id);
  if (!user) throw ScimError(404, "", "User " + id + " not found");
  return *user;
}

}  // namespace

Response handle_users_request(UserStore& store, const Request& request, const std::optional<std::string>& id,
                              const ListSettings& list, std::chrono::system_clock::time_point now) {
  try {
    const http::verb method = request.method();
    bool writes_body = method == http::verb::post || method == http::verb::put || method == http::verb::patch;
    if (writes_body && !has_json_body(request))
      return generic_error_response(415, "Content-Type must be application/json or application/scim+json");
    if (!id) {
      if (method == http::verb::get) return list_users(store, request, list);
      if (method == http::verb::post) {
        return json_response(201, render_user(store.create(parse_user_body(parse_json_body(request.body())), now)));
      }
      return generic_error_response(405, "Method not allowed on the users collection");
    }
    switch (method) {
      case http::verb::get:
        return json_response(200, render_user(existing(store, *id)));
      case http::verb::put: {
        existing(store, *id);  // 404 before 400: the resource is checked first
        return json_response(200, render_user(store.save(*id, parse_user_body(parse_json_body(request.body())), now)));
      }
      case http::verb::patch: {
        const StoredUser& user = existing(store, *id);
        UserFields changed = apply_patch(user, parse_json_body(request.body()));
        return json_response(200, render_user(store.save(*id, std::move(changed), now)));
      }
      case http::verb::delete_: {
        if (!store.remove(*id)) throw ScimError(404, "", "User " + *id + " not found");
        Response response = plain_text_response(204, "");
        response.erase(http::field::content_type);
        return response;
      }
      default:
        return generic_error_response(405, "Method not allowed on a user");
    }
  } catch (const ScimError& error) {
    return scim_error_response(error.status(), error.scim_type(), error.what());
  }
}

}  // namespace oss::fake_omni
