#pragma once
// Everything the API's handlers use, opened once per process from the configuration: the
// stores, the repositories and the services. Handlers receive it by reference; it outlives the
// server. `bi admin` commands open the same context, so they follow the same rules.

#include <memory>

#include "auth/auth_service.h"
#include "auth/jwt.h"
#include "auth/login_rate_limiter.h"
#include "auth/password_hasher.h"
#include "auth/user_service.h"
#include "blob/blob_store.h"
#include "cards/card_runner.h"
#include "cards/card_service.h"
#include "cards/executor_client.h"
#include "cards/result_cache.h"
#include "common/clock.h"
#include "common/config.h"
#include "dashboards/dashboard_runner.h"
#include "dashboards/dashboard_service.h"
#include "dashboards/filter_view_service.h"
#include "dashboards/share_service.h"
#include "repo/repositories.h"
#include "store/metadata_store.h"

namespace bi::api {

struct ApiContext {
  static Result<std::unique_ptr<ApiContext>> Open(const Config& config,
                                                  const Clock& clock = SystemClock::Instance());

  Config config;
  const Clock& clock;
  std::unique_ptr<store::MetadataStore> store;
  std::unique_ptr<blob::BlobStore> blobs;
  repo::UserRepository users;
  auth::PasswordHasher hasher;
  auth::JwtCodec jwt;
  auth::LoginRateLimiter login_limiter;
  auth::AuthService auth;
  auth::UserService user_admin;
  cards::CardService cards;
  cards::ExecutorClient executor;
  cards::ResultCache card_results;
  cards::CardRunner card_runner;
  dashboards::DashboardService dashboards;
  dashboards::ShareService shares;
  dashboards::FilterViewService filter_views;
  dashboards::DashboardRunner dashboard_runner;

  ApiContext(Config config, const Clock& clock, std::unique_ptr<store::MetadataStore> store,
             std::unique_ptr<blob::BlobStore> blobs);
};

}  // namespace bi::api
