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

  static Response Json(const nlohmann::json& value, int status = 200);
  static Response Text(std::string text, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  static Response NoContent();
  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace bi::http
