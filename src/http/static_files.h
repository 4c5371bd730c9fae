#pragma once
// Serving a built single-page web app (Vite's dist/ folder) from a directory, as the router's
// fallback for GET and HEAD (Router::SetFallback):
//   - a path naming a regular file under the root is that file, streamed, with its Content-Type;
//   - files under /assets/ (names with a content hash) are cached for a year ("immutable"),
//     everything else must be revalidated ("no-cache"), index.html above all;
//   - any other path is the app's own route (history fallback): index.html, except under
//     /assets/ (a missing hashed file must be a 404, never HTML cached for a year) and under the
//     API prefix (/api), which stays the API's JSON 404;
//   - no way out of the root: "." and ".." segments (also percent-encoded), hidden files, empty
//     segments and symbolic links leading outside answer 404.

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/request.h"
#include "http/response.h"

namespace bi::http {

class StaticFiles {
 public:
  // `root` should hold index.html; `api_prefix` paths are never served from it.
  StaticFiles(std::string root, std::string api_prefix = "/api");

  // For GET and HEAD requests; uses the decoded Request::path.
  Result<Response> Serve(const Request& req) const;

  const std::string& root() const { return root_; }

 private:
  Result<Response> FileAnswer(const std::string& path, std::string_view url_path) const;

  std::string root_;  // canonical
  std::string api_prefix_;
};

// The Content-Type for a file name by its extension (application/octet-stream if unknown).
std::string ContentTypeFor(std::string_view file_name);

}  // namespace bi::http
