#include "http/router.h"

#include <algorithm>

namespace bi::http {
namespace {

bool IsParam(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Rank of a match: literal segments score higher, so the most specific route wins.
int Specificity(const Route& r) {
  int score = 0;
  for (const auto& s : r.segments) score = score * 2 + (IsParam(s) ? 0 : 1);
  return score;
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_as_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool SplitPath(std::string_view path, std::vector<std::string>* segments) {
  segments->clear();
  if (path.empty() || path.front() != '/') return false;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    std::string_view raw =
        path.substr(pos, slash == std::string_view::npos ? path.npos : slash - pos);
    std::string decoded;
    if (!PercentDecode(raw, false, &decoded)) return false;
    if (decoded.find('/') != std::string::npos || decoded.find('\0') != std::string::npos)
      return false;
    if (!decoded.empty() || slash != std::string_view::npos) segments->push_back(decoded);
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  // A trailing slash ("/api/health/") matches the same route as without it.
  if (!segments->empty() && segments->back().empty()) segments->pop_back();
  return true;
}

bool ParseQuery(std::string_view query, std::map<std::string, std::string>* out) {
  out->clear();
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value))
      return false;
    (*out)[key] = value;
  }
  return true;
}

void Router::AddRoute(Route route) {
  SplitPath(route.pattern, &route.segments);
  max_body_bytes_ = std::max(max_body_bytes_, route.options.max_body_bytes);
  routes_.push_back(std::move(route));
  // Most specific first, so Match can stop at the first hit.
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    if (a.segments.size() != b.segments.size()) return a.segments.size() < b.segments.size();
    return Specificity(a) > Specificity(b);
  });
}

void Router::Add(Verb method, std::string_view pattern, Handler handler, RouteOptions options) {
  AddRoute(Route{method, std::string(pattern), {}, std::move(handler), nullptr, options});
}

void Router::AddAsync(Verb method, std::string_view pattern, AsyncHandler handler,
                      RouteOptions options) {
  AddRoute(Route{method, std::string(pattern), {}, nullptr, std::move(handler), options});
}

void Router::SetFallback(Handler handler, RouteOptions options) {
  fallback_ = Route{Verb::get, "*", {}, std::move(handler), nullptr, options};
}

RouteMatch Router::Match(Verb requested, std::string_view path) const {
  RouteMatch result;
  std::vector<std::string> segments;
  if (!SplitPath(path, &segments)) return result;
  const Verb method = requested == Verb::head ? Verb::get : requested;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i)
      ok = IsParam(route.segments[i]) ? !segments[i].empty() : route.segments[i] == segments[i];
    if (!ok) continue;
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) ==
        result.allowed.end())
      result.allowed.push_back(route.method);
    // Routes are sorted most specific first, so the first one with this method wins.
    if (route.method == method && result.kind != RouteMatch::kFound) {
      result.kind = RouteMatch::kFound;
      result.route = &route;
      for (size_t i = 0; i < segments.size(); ++i) {
        if (IsParam(route.segments[i]))
          result.params[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
      }
    }
  }
  if (result.kind != RouteMatch::kFound && !result.allowed.empty())
    result.kind = RouteMatch::kMethodNotAllowed;
  if (result.kind == RouteMatch::kNotFound && fallback_ && method == Verb::get) {
    result.kind = RouteMatch::kFound;
    result.route = &*fallback_;
  }
  return result;
}

}  // namespace bi::http
