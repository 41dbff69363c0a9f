#pragma once
// A small blocking HTTPS client for the fake server's own tests: it verifies the server's certificate against
// a given CA and host name, keeps its connection alive between requests, and reconnects when asked.
// (The project's real client lives in lib/net; these tests must not depend on the code they help test.)
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace oss::fake_omni::testing {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class HttpsTestClient {
 public:
  // host_name is verified against the certificate (and sent as SNI); the TCP connection goes to 127.0.0.1.
  HttpsTestClient(std::uint16_t port, const std::string& ca_pem, std::string host_name = "localhost");
  ~HttpsTestClient();

  // Opens the connection and does the TLS handshake; throws boost::system::system_error when the
  // certificate is not trusted.
  void connect();
  // Sends one request (connecting first when needed) and reads the answer. Throws on transport errors.
  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  void disconnect();

 private:
  struct Connection;
  std::uint16_t port_;
  std::string ca_pem_;
  std::string host_name_;
  std::unique_ptr<Connection> connection_;
};

// The client an Omni caller would be: bearer key, JSON bodies.
class ScimCaller {
 public:
  ScimCaller(HttpsTestClient& client, std::string key) : client_(client), key_(std::move(key)) {}
  HttpResponse get(const std::string& target) { return call("GET", target, ""); }
  HttpResponse post(const std::string& target, const std::string& body) { return call("POST", target, body); }
  HttpResponse put(const std::string& target, const std::string& body) { return call("PUT", target, body); }
  HttpResponse patch(const std::string& target, const std::string& body) { return call("PATCH", target, body); }
  HttpResponse del(const std::string& target) { return call("DELETE", target, ""); }
  HttpResponse call(const std::string& method, const std::string& target, const std::string& body);

 private:
  HttpsTestClient& client_;
  std::string key_;
};

// Parses a response body; fails the test (throws) when it is not JSON.
boost::json::value json_of(const HttpResponse& response);

}  // namespace oss::fake_omni::testing
