#pragma once
// What a handler answers. Errors are not built here: handlers return a Status and the server
// renders it through error_response.h, so every failure has the same JSON shape.

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace bi::http {

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is streamed from this file instead of `body` (downloads); with
  // remove_body_file the server unlinks it once opened, so it disappears whatever happens.
  std::string body_file;
  bool remove_body_file = false;

  static Response Json(const nlohmann::json& value, int status = 200);
  static Response Text(std::string text, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  static Response NoContent();
  static Response File(std::string path, std::string content_type, bool remove_after);
  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace bi::http
