#pragma once
// Cross-origin rules from CORS_ORIGINS: which browser origins may call the API, and the
// headers that tell the browser so. "*" allows any origin (without credentials).

#include <string>
#include <string_view>
#include <vector>

#include "http/response.h"
#include "http/router.h"

namespace bi::http {

class CorsPolicy {
 public:
  CorsPolicy() = default;
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  bool Allows(std::string_view origin) const;
  // Adds Access-Control-Allow-Origin (and friends) when `origin` is allowed; always adds
  // "Vary: Origin" when an origin was sent, so caches keep answers per origin apart.
  void Decorate(std::string_view origin, Response& response) const;
  // The answer to a preflight (OPTIONS with Access-Control-Request-Method) for a path that
  // accepts `allowed` methods. The caller checks Allows() first.
  Response Preflight(std::string_view origin, const std::vector<Verb>& allowed) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace bi::http
