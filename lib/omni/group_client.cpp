#include "omni/group_client.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "omni/group_codec.hpp"

namespace oss::omni {

namespace asio = boost::asio;
namespace http = boost::beast::http;

std::string GroupClient::groups_path() const { return client_.endpoint_.base_path + "/api/scim/v2/groups"; }

// Ids come from the server: encode them so that a strange one cannot change the path.
std::string GroupClient::group_path(const std::string& id) const {
  return groups_path() + "/" + boost::urls::encode(id, boost::urls::unreserved_chars);
}

asio::awaitable<std::vector<model::RemoteGroup>> GroupClient::list_groups() {
  std::vector<model::RemoteGroup> groups;
  co_await client_.list_all(
      groups_path(),
      [&groups](std::string_view body) {
        GroupPage page = decode_group_page(body);
        for (auto& group : page.groups) groups.push_back(std::move(group));
        return ScimClient::PageCount{page.total_results, page.groups.size()};
      },
      "group");
  co_return groups;
}

asio::awaitable<GroupWrite> GroupClient::create_group(const std::string& display_name,
                                                      const std::vector<std::string>& member_ids) {
  auto request = client_.make_request(http::verb::post, groups_path(), encode_create_group(display_name, member_ids));
  net::Response response = co_await client_.send_checked(std::move(request));
  co_return GroupWrite{decode_group_body(response.body()), static_cast<int>(response.result_int())};
}

asio::awaitable<int> GroupClient::patch_group(const std::string& id, const std::optional<std::string>& rename,
                                              const std::vector<std::string>& add_ids,
                                              const std::vector<std::string>& remove_ids) {
  co_return co_await client_.write_existing(
      client_.make_request(http::verb::patch, group_path(id), encode_group_patch(rename, add_ids, remove_ids)));
}

asio::awaitable<int> GroupClient::remove_group(const std::string& id) {
  co_return co_await client_.write_existing(client_.make_request(http::verb::delete_, group_path(id)));
}

}  // namespace oss::omni
