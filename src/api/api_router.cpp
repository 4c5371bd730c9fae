#include "api/api_router.h"

namespace bi::api {

http::Router BuildApiRouter(const Config& config) {
  http::Router router;
  AddHealthRoutes(router);
  return router;
}

}  // namespace bi::api
