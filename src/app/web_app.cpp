#include "app/web_app.h"

#include <sys/stat.h>

#include <memory>

#include "common/log.h"
#include "http/static_files.h"

#ifndef BI_SOURCE_DIR
#define BI_SOURCE_DIR ""
#endif

namespace bi::app {
namespace {

bool HasIndex(const std::string& dir) {
  struct stat st;
  return !dir.empty() && ::stat((dir + "/index.html").c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

std::string FindWebRoot(const Config& config) {
  if (!config.web_dir.empty()) return HasIndex(config.web_dir) ? config.web_dir : "";
  if (HasIndex("frontend/dist")) return "frontend/dist";
  const std::string built = std::string(BI_SOURCE_DIR) + "/frontend/dist";
  if (*BI_SOURCE_DIR && HasIndex(built)) return built;
  return "";
}

void AddWebApp(const Config& config, http::Router& router) {
  const std::string root = FindWebRoot(config);
  if (root.empty()) {
    if (!config.web_dir.empty()) {
      log::Warn("web_app_missing")
          .Str("web_dir", config.web_dir)
          .Str("note", "BI_WEB_DIR has no index.html; the API runs without the web app");
    } else {
      log::Info("web_app_not_built")
          .Str("note",
               "no frontend/dist/index.html; `make run` builds it (npm ci && npm run "
               "build in frontend/), or set BI_WEB_DIR");
    }
    return;
  }
  auto files = std::make_shared<http::StaticFiles>(root);
  http::RouteOptions options;
  // Small reads and a stat: cheap enough for the I/O thread; big files are streamed anyway.
  options.execution = http::Execution::kInline;
  router.SetFallback([files](http::Request& req) { return files->Serve(req); }, options);
  log::Info("web_app").Str("dir", files->root());
}

}  // namespace bi::app
