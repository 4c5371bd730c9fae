#include "api/api_context.h"

#include "blob/blob_factory.h"
#include "store/store_factory.h"

namespace bi::api {

ApiContext::ApiContext(Config config_in, const Clock& clock_in,
                       std::unique_ptr<store::MetadataStore> store_in,
                       std::unique_ptr<blob::BlobStore> blobs_in)
    : config(std::move(config_in)),
      clock(clock_in),
      store(std::move(store_in)),
      blobs(std::move(blobs_in)),
      users(*store, [&c = clock_in] { return c.NowMillis(); }),
      jwt(config.jwt_secret, clock),
      login_limiter(clock),
      auth(users, hasher, jwt, login_limiter, clock,
           std::chrono::minutes(config.jwt_lifetime_minutes)),
      user_admin(users, hasher),
      cards(*store, [&c = clock_in] { return c.NowMillis(); }),
      executor(config.executor_endpoint, config.executor_shared_secret),
      card_results(blobs.get(), static_cast<size_t>(config.card_cache_mb) << 20,
                   int64_t{config.card_cache_max_age_seconds} * 1000, clock),
      card_runner(*store, *blobs, executor, card_results, clock, config.card_timeout_seconds),
      dashboards(*store, [&c = clock_in] { return c.NowMillis(); }),
      shares(*store, dashboards, [&c = clock_in] { return c.NowMillis(); }),
      filter_views(*store, dashboards, [&c = clock_in] { return c.NowMillis(); }),
      dashboard_runner(*store, dashboards, filter_views, card_runner) {}

Result<std::unique_ptr<ApiContext>> ApiContext::Open(const Config& config, const Clock& clock) {
  auto store = store::OpenMetadataStore(config);
  if (!store.ok()) return store.status();
  // The embedded store is ours to set up; a DynamoDB deployment runs `bi admin init-tables`.
  if (config.dynamodb_endpoint.empty()) BI_RETURN_IF_ERROR(store::CreateAllTables(**store));
  auto blobs = blob::OpenBlobStore(config);
  if (!blobs.ok()) return blobs.status();
  return std::make_unique<ApiContext>(config, clock, std::move(store).value(),
                                      std::move(blobs).value());
}

}  // namespace bi::api
