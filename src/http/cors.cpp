#include "http/cors.h"

#include <algorithm>

namespace bi::http {

bool CorsPolicy::Allows(std::string_view origin) const {
  if (origin.empty()) return false;
  return std::any_of(origins_.begin(), origins_.end(),
                     [&](const std::string& o) { return o == "*" || o == origin; });
}

void CorsPolicy::Decorate(std::string_view origin, Response& response) const {
  if (origin.empty()) return;
  response.Header("Vary", "Origin");
  if (!Allows(origin)) return;
  response.Header("Access-Control-Allow-Origin", std::string(origin));
  response.Header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
}

Response CorsPolicy::Preflight(std::string_view origin, const std::vector<Verb>& allowed) const {
  Response r = Response::NoContent();
  std::string methods = "OPTIONS";
  for (Verb v : allowed) {
    methods += ", ";
    methods += std::string(boost::beast::http::to_string(v));
  }
  Decorate(origin, r);
  r.Header("Access-Control-Allow-Methods", methods);
  r.Header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
  r.Header("Access-Control-Max-Age", "600");
  return r;
}

}  // namespace bi::http
