#pragma once
// One HTTP request as handlers see it: the Beast message plus what the server derived from it
// (decoded path, query and path parameters, parsed JSON body, request id, authenticated user).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

namespace bi::http {

namespace beast_http = boost::beast::http;

struct Request {
  beast_http::request<beast_http::string_body> message;
  std::string path;                                // percent-decoded, without the query
  std::map<std::string, std::string> query;        // decoded query parameters (last one wins)
  std::map<std::string, std::string> path_params;  // from "{name}" segments of the route
  std::string route;                               // the matched route pattern, for logs
  nlohmann::json json;                             // parsed body when the route takes JSON
  std::string request_id;
  std::string user_id;  // set by authentication, for logs
  std::string client_ip;
  // BodyKind::kFile routes: the temporary file holding the body, and its size. The server
  // removes the file once the handler has returned (a handler may rename it to keep it).
  std::string body_file;
  uint64_t body_file_size = 0;
  // Set by the server before the handler runs: whether the client has closed (or reset) its
  // connection since, so that long work can stop early. A peek at the socket, cheap and safe
  // from a blocking handler's thread; a client that half-closes after its request counts as
  // gone, as with nginx.
  std::function<bool()> client_gone;

  beast_http::verb method() const { return message.method(); }
  bool ClientGone() const { return client_gone && client_gone(); }
  const std::string& body() const { return message.body(); }
  // The header's value, or "" when absent.
  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(const std::string& name) const;
  const std::string& path_param(const std::string& name) const;
};

}  // namespace bi::http
