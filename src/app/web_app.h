#pragma once
// Where the built web app is (Vite's frontend/dist), for `bi serve` and `bi api` to serve at /:
// BI_WEB_DIR when set, else frontend/dist under the working directory (a checkout: `make run`),
// else frontend/dist in the source tree the binary was built from. Found only if it holds
// index.html.

#include <string>

#include "common/config.h"
#include "http/router.h"

namespace bi::app {

// The web root, or "" when there is no built app (the API still runs; / answers 404).
std::string FindWebRoot(const Config& config);

// Serves the app from FindWebRoot as the router's fallback (http/static_files.h) and logs
// where from, or how to build it.
void AddWebApp(const Config& config, http::Router& router);

}  // namespace bi::app
